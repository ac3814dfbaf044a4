package dev.roster.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Volcengine "HMAC-SHA256" request signature (V4 style), as the official SDKs compute it: canonical
 * request, string to sign, derived signing key, lower-case hex signature.
 *
 * <p>Written by hand because no library implements Volcengine's variant (it differs from AWS SigV4 in
 * the algorithm name, the scope terminator and the key derivation); every step follows
 * volc-sdk-java's SignerV4Impl and volc-sdk-golang's base/sign.go and is pinned by the reference
 * test vectors.
 */
public final class SignatureV4 {
    private static final HexFormat HEX = HexFormat.of();

    /** One Mac per thread: looking the algorithm up costs more than the HMAC of a short text. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    });

    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    public static final String SERVICE = "rtc";
    public static final String EMPTY_BODY_HASH = sha256Hex(new byte[0]);
    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    private SignatureV4() {}

    /** The signature, lower-case hex, of {@code canonicalRequest} signed at {@code xDate} for the scope. */
    public static String sign(String secretKey, String xDate, String date, String region,
            String canonicalRequest) {
        String scope = date + "/" + region + "/" + SERVICE + "/request";
        String stringToSign = AuthorizationHeader.ALGORITHM + "\n" + xDate + "\n" + scope + "\n"
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(hmac(signingKey(secretKey, date, region), stringToSign));
    }

    /** What a signing key is derived from: the key changes with the day and the region. */
    private record KeyScope(String secretKey, String date, String region) {}

    /**
     * Signing keys already derived (four HMACs each), so that a key's requests of one day and region cost
     * one HMAC. Only requests naming a known key get here; emptied when full.
     */
    private static final Map<KeyScope, byte[]> SIGNING_KEYS = new ConcurrentHashMap<>();
    private static final int MAX_SIGNING_KEYS = 10_000;

    private static byte[] signingKey(String secretKey, String date, String region) {
        KeyScope scope = new KeyScope(secretKey, date, region);
        byte[] key = SIGNING_KEYS.get(scope);
        if (key == null) {
            if (SIGNING_KEYS.size() >= MAX_SIGNING_KEYS) {
                SIGNING_KEYS.clear();
            }
            key = derive(scope);
            SIGNING_KEYS.put(scope, key);
        }
        return key;
    }

    private static byte[] derive(KeyScope scope) {
        byte[] key = hmac(scope.secretKey().getBytes(StandardCharsets.UTF_8), scope.date());
        key = hmac(key, scope.region());
        key = hmac(key, SERVICE);
        return hmac(key, "request");
    }

    /**
     * The canonical request: method, URI, query, the signed headers (names lower-case, in the order
     * given) with their values, the signed-header list, and the payload hash.
     */
    public static String canonicalRequest(String method, String path, String rawQuery, List<String> signedHeaders,
            Map<String, String> headerValues, String payloadHash) {
        StringBuilder out = new StringBuilder(256)
                .append(method).append('\n')
                .append(path == null || path.isEmpty() ? "/" : path).append('\n')
                .append(canonicalQuery(rawQuery)).append('\n');
        for (String name : signedHeaders) {
            out.append(name).append(':').append(headerValues.getOrDefault(name, "").strip()).append('\n');
        }
        return out.append('\n')
                .append(String.join(";", signedHeaders)).append('\n')
                .append(payloadHash)
                .toString();
    }

    /**
     * The query as the SDKs sign it: every name and value decoded from the raw query, re-encoded with
     * only RFC 3986 unreserved characters kept (space as %20, upper-case hex), sorted by name then value.
     */
    public static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(new String[] {encode(decode(name)), encode(decode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder out = new StringBuilder();
        for (String[] pair : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(pair[0]).append('=').append(pair[1]);
        }
        return out.toString();
    }

    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(DIGESTS.get().digest(data));
    }

    /** Equal text compared in time that does not depend on where the first difference is. */
    public static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = MACS.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("an HMAC key of any length is valid", e);
        }
    }

    private static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Percent-decoding as Go's url.ParseQuery does it ('+' is a space); a malformed escape is kept as is. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
            int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
            if (in[i] == '+') {
                out.write(' ');
            } else if (in[i] == '%' && hi >= 0 && lo >= 0) {
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
