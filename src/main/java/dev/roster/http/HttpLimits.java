package dev.roster.http;

import java.time.Duration;

/**
 * What one client may hold of the server: how long a connection may stay silent (a request sent by
 * halves, or an idle keep-alive), how many connections may be open at once (further ones wait in the
 * accept queue), and how large the request line and headers may be (larger ones get 431).
 */
public record HttpLimits(Duration idleTimeout, int maxConnections, int maxHeaderBytes) {
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), 1000, 8 * 1024);

    public HttpLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("the header limit must be at least 1024 bytes, got " + maxHeaderBytes);
        }
    }
}
