package dev.roster.testing;

import dev.roster.auth.Credentials;
import dev.roster.auth.SignatureV4;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signs test requests the way volc-sdk-java does (content-type;host;x-content-sha256;x-date). It reuses
 * Roster's {@link SignatureV4}; that the algorithm itself is right is proven by the reference vectors
 * and by the official SDKs, which sign on their own.
 */
public final class TestSigner {
    private static final DateTimeFormatter X_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Credentials credentials;
    private final String region;
    private final Clock clock;

    public TestSigner(Credentials credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    public TestSigner(Credentials credentials) {
        this(credentials, "cn-north-1", Clock.systemUTC());
    }

    public Credentials credentials() {
        return credentials;
    }

    public TestSigner withRegion(String region) {
        return new TestSigner(credentials, region, clock);
    }

    public TestSigner withClock(Clock clock) {
        return new TestSigner(credentials, region, clock);
    }

    /** The headers to add to a request so that it is signed: X-Date, X-Content-Sha256, Authorization. */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        String xDate = X_DATE.format(clock.instant());
        String bodyHash = SignatureV4.sha256Hex(body == null ? new byte[0] : body);
        Map<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value));
        signed.putIfAbsent("content-type", "application/json");
        signed.put("host", uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
        signed.put("x-content-sha256", bodyHash);
        signed.put("x-date", xDate);
        signed.keySet().retainAll(List.of("content-type", "host", "x-content-sha256", "x-date"));
        List<String> names = List.copyOf(signed.keySet());
        String canonical = SignatureV4.canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), names, signed,
                bodyHash);
        String date = xDate.substring(0, 8);
        String signature = SignatureV4.sign(credentials.secretAccessKey(), xDate, date, region, canonical);
        Map<String, String> added = new LinkedHashMap<>();
        added.put("Content-Type", signed.get("content-type"));
        added.put("X-Date", xDate);
        added.put("X-Content-Sha256", bodyHash);
        added.put("Authorization", "HMAC-SHA256 Credential=" + credentials.accessKeyId() + "/" + date + "/" + region
                + "/rtc/request, SignedHeaders=" + String.join(";", names) + ", Signature=" + signature);
        return added;
    }

    /**
     * The signing headers as raw header lines (CRLF-separated, no trailing CRLF), for requests written by
     * hand on a socket; signed over {@code body}, which may differ from what is then sent.
     */
    public String rawHeaders(String method, URI uri, byte[] body) {
        StringBuilder lines = new StringBuilder();
        sign(method, uri, Map.of(), body).forEach((name, value) -> {
            if (!lines.isEmpty()) {
                lines.append("\r\n");
            }
            lines.append(name).append(": ").append(value);
        });
        return lines.toString();
    }
}
