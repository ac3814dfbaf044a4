package dev.roster.testing;

import dev.roster.auth.Credentials;
import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Signs test requests the way volc-sdk-java does (content-type;host;x-content-sha256;x-date), with
 * Roster's own {@link RequestSigner} and a clock the test chooses; that the algorithm itself is right is
 * proven by the reference vectors and by the official SDKs, which sign on their own.
 */
public final class TestSigner {
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

    /** The headers to add to a request so that it is signed: Content-Type, X-Date, X-Content-Sha256, Authorization. */
    public Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
        String contentType = headers.entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Content-Type"))
                .map(Map.Entry::getValue)
                .findFirst().orElse(RequestSigner.CONTENT_TYPE);
        String bodyHash = SignatureV4.sha256Hex(body == null ? new byte[0] : body);
        return new RequestSigner(credentials, region).sign(method, uri, contentType, bodyHash, clock.instant())
                .headers();
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
