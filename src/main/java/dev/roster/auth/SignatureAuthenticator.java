package dev.roster.auth;

import dev.roster.errors.ApiError;
import dev.roster.errors.ClientText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the Volcengine V4 signature of every request against the secret of its access key, over the
 * headers the client says it signed and the raw body bytes received. The checks, and so the error
 * that answers first, follow decisions.md: malformed signing information, then the key, then the
 * clock — all from the head, before the body is read — then the signature itself.
 */
public final class SignatureAuthenticator implements Authenticator {
    private static final DateTimeFormatter X_DATE = RequestSigner.X_DATE;

    private final KeyLookup keys;
    private final Clock clock;
    private final Duration maxSkew;
    private final Set<String> regions;

    /** {@code regions}: the regions a scope may name; empty for any well-formed region. */
    public SignatureAuthenticator(KeyLookup keys, Clock clock, Duration maxSkew, Set<String> regions) {
        this.keys = keys;
        this.clock = clock;
        this.maxSkew = maxSkew;
        this.regions = Set.copyOf(regions);
    }

    @Override
    public Verification begin(RequestHead head) {
        String authorization = head.header("Authorization");
        if (authorization == null) {
            throw ApiError.MISSING_AUTHENTICATION_TOKEN.exception(
                    "The request has no Authorization header; sign it with an access key");
        }
        AuthorizationHeader header = AuthorizationHeader.parse(authorization).requireRegionIn(regions);
        List<String> signed = header.signedHeaders();
        if (!signed.contains("x-date")) {
            throw missingInfo("SignedHeaders must include x-date");
        }
        String xDate = head.header("X-Date");
        Instant signedAt = parseXDate(xDate);
        if (!xDate.startsWith(header.date())) {
            throw missingInfo("The credential scope date " + header.date() + " is not the date of X-Date " + xDate);
        }
        Map<String, String> values = new HashMap<>();
        for (String name : signed) {
            String value = head.header(name);
            if (value == null) {
                throw missingInfo("The signed header " + printable(name) + " is missing from the request");
            }
            values.put(name, name.equals("host") ? withoutDefaultPort(value) : value);
        }

        KeyRing.Usable key = keys.find(header.accessKeyId()).filter(KeyRing.Usable::enabled)
                .orElseThrow(() -> ApiError.INVALID_ACCESS_KEY.exception(
                        "The access key " + printable(header.accessKeyId()) + " is unknown or disabled"));

        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(maxSkew) > 0) {
            throw ApiError.INVALID_TIMESTAMP.exception("X-Date " + xDate + " is more than " + maxSkew.toSeconds()
                    + " s from the server time " + X_DATE.format(now.atOffset(ZoneOffset.UTC)));
        }
        String declaredHash = head.header("X-Content-Sha256");
        return body -> {
            String bodyHash = SignatureV4.sha256Hex(body);
            if (declaredHash != null && !declaredHash.strip().equalsIgnoreCase(bodyHash)) {
                throw ApiError.SIGNATURE_DOES_NOT_MATCH.exception("X-Content-Sha256 is not the SHA-256 of the body");
            }
            if (!matches(head, header, key.secret(), xDate, values, bodyHash)) {
                throw ApiError.SIGNATURE_DOES_NOT_MATCH.exception(
                        "The request signature does not match; check the secret key and what was signed");
            }
            return new Principal(key.accessKeyId(), key.scope(), header.region(), key.root());
        };
    }

    private static boolean matches(RequestHead head, AuthorizationHeader header, String secret, String xDate,
            Map<String, String> values, String bodyHash) {
        String provided = header.signature().toLowerCase(Locale.ROOT);
        if (SignatureV4.constantTimeEquals(provided, expected(head, header, secret, xDate, values, bodyHash))) {
            return true;
        }
        // The Node SDK also folds runs of spaces inside header values; the Java and Go SDKs only trim.
        Map<String, String> folded = new HashMap<>();
        values.forEach((name, value) -> folded.put(name, value.strip().replaceAll("\\s+", " ")));
        return !folded.equals(values)
                && SignatureV4.constantTimeEquals(provided, expected(head, header, secret, xDate, folded, bodyHash));
    }

    private static String expected(RequestHead head, AuthorizationHeader header, String secret, String xDate,
            Map<String, String> values, String bodyHash) {
        String canonical = SignatureV4.canonicalRequest(head.method(), head.path(), head.rawQuery(),
                header.signedHeaders(), values, bodyHash);
        return SignatureV4.sign(secret, xDate, header.date(), header.region(), canonical);
    }

    private static Instant parseXDate(String xDate) {
        if (xDate == null) {
            throw missingInfo("The X-Date header is required");
        }
        try {
            return LocalDateTime.parse(xDate, X_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw missingInfo("X-Date must be in the form yyyyMMdd'T'HHmmss'Z', got " + printable(xDate));
        }
    }

    /** The SDKs drop the scheme's default port from the host they sign. */
    static String withoutDefaultPort(String host) {
        String h = host.strip();
        if (h.endsWith(":80")) {
            return h.substring(0, h.length() - 3);
        }
        if (h.endsWith(":443")) {
            return h.substring(0, h.length() - 4);
        }
        return h;
    }

    private static RuntimeException missingInfo(String message) {
        return ApiError.MISSING_REQUEST_INFO.exception(message);
    }

    private static String printable(String text) {
        return ClientText.printable(text, 64);
    }
}
