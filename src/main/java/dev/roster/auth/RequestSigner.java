package dev.roster.auth;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client side of {@link SignatureV4}: signs a request as volc-sdk-java does, over
 * {@code content-type;host;x-content-sha256;x-date}. Used by {@code roster bench} and by the tests, so
 * that Roster's clients and its server share one implementation of the algorithm.
 */
public final class RequestSigner {
    public static final String CONTENT_TYPE = "application/json";
    /** The form of {@code X-Date}. */
    public static final DateTimeFormatter X_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final List<String> SIGNED = List.of("content-type", "host", "x-content-sha256", "x-date");

    private final Credentials credentials;
    private final String region;

    public RequestSigner(Credentials credentials, String region) {
        this.credentials = credentials;
        this.region = region;
    }

    public Credentials credentials() {
        return credentials;
    }

    public String region() {
        return region;
    }

    /** The headers that sign one request, in the order the SDK sends them. */
    public record Signature(String contentType, String xDate, String contentSha256, String authorization) {

        /** Content-Type, X-Date, X-Content-Sha256, Authorization. */
        public Map<String, String> headers() {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", contentType);
            headers.put("X-Date", xDate);
            headers.put("X-Content-Sha256", contentSha256);
            headers.put("Authorization", authorization);
            return headers;
        }
    }

    /** Signs a request to {@code uri} at {@code at}, for a body whose SHA-256 (hex) is {@code bodyHash}. */
    public Signature sign(String method, URI uri, String contentType, String bodyHash, Instant at) {
        String xDate = X_DATE.format(at);
        Map<String, String> values = Map.of("content-type", contentType, "host", host(uri),
                "x-content-sha256", bodyHash, "x-date", xDate);
        String canonical = SignatureV4.canonicalRequest(method, uri.getRawPath(), uri.getRawQuery(), SIGNED, values,
                bodyHash);
        String date = xDate.substring(0, 8);
        String signature = SignatureV4.sign(credentials.secretAccessKey(), xDate, date, region, canonical);
        String authorization = AuthorizationHeader.ALGORITHM + " Credential=" + credentials.accessKeyId() + "/" + date
                + "/" + region + "/" + SignatureV4.SERVICE + "/request, SignedHeaders=" + String.join(";", SIGNED)
                + ", Signature=" + signature;
        return new Signature(contentType, xDate, bodyHash, authorization);
    }

    /** {@code Host} as HTTP clients send it: the port only when it is not the scheme's default. */
    static String host(URI uri) {
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (port == 80 && "http".equalsIgnoreCase(uri.getScheme()))
                || (port == 443 && "https".equalsIgnoreCase(uri.getScheme()));
        String host = uri.getHost();
        return defaultPort ? host : host + ":" + port;
    }
}
