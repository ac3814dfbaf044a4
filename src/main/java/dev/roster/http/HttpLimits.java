package dev.roster.http;

import java.time.Duration;

/**
 * What one client may hold of the server. A connection may stay silent for {@code idleTimeout} (an
 * idle keep-alive); its request line and headers must arrive within {@code headerTimeout} of their
 * first byte (of the connection's opening, for the first request), however slowly they trickle; a
 * body must arrive whole within {@code bodyTimeout} and, after its first second, at
 * {@code minBodyBytesPerSecond} on average. At most {@code maxConnections} connections are open at
 * once (further ones wait in the accept queue), and at most {@code maxConnectionsPerClient} from one
 * client address (further ones are closed at once; trusted proxies are exempt). Request line and
 * headers larger than {@code maxHeaderBytes} get 431.
 */
public record HttpLimits(Duration idleTimeout, Duration headerTimeout, Duration bodyTimeout,
        int minBodyBytesPerSecond, int maxConnections, int maxConnectionsPerClient, int maxHeaderBytes) {

    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(30), Duration.ofSeconds(10),
            Duration.ofSeconds(10), 1024, 1000, 64, 8 * 1024);

    public HttpLimits {
        requirePositive(idleTimeout, "idle timeout");
        requirePositive(headerTimeout, "header timeout");
        requirePositive(bodyTimeout, "body timeout");
        if (minBodyBytesPerSecond < 0) {
            throw new IllegalArgumentException("the minimum body rate must be 0 (off) or more, got "
                    + minBodyBytesPerSecond);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("the connection limit must be at least 1, got " + maxConnections);
        }
        if (maxConnectionsPerClient < 1) {
            throw new IllegalArgumentException("the connection limit per client must be at least 1, got "
                    + maxConnectionsPerClient);
        }
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("the header limit must be at least 1024 bytes, got " + maxHeaderBytes);
        }
    }

    public HttpLimits withIdleTimeout(Duration value) {
        return new HttpLimits(value, headerTimeout, bodyTimeout, minBodyBytesPerSecond, maxConnections,
                maxConnectionsPerClient, maxHeaderBytes);
    }

    public HttpLimits withHeaderTimeout(Duration value) {
        return new HttpLimits(idleTimeout, value, bodyTimeout, minBodyBytesPerSecond, maxConnections,
                maxConnectionsPerClient, maxHeaderBytes);
    }

    public HttpLimits withBodyTimeout(Duration value) {
        return new HttpLimits(idleTimeout, headerTimeout, value, minBodyBytesPerSecond, maxConnections,
                maxConnectionsPerClient, maxHeaderBytes);
    }

    public HttpLimits withMinBodyBytesPerSecond(int value) {
        return new HttpLimits(idleTimeout, headerTimeout, bodyTimeout, value, maxConnections,
                maxConnectionsPerClient, maxHeaderBytes);
    }

    public HttpLimits withMaxConnections(int value) {
        return new HttpLimits(idleTimeout, headerTimeout, bodyTimeout, minBodyBytesPerSecond, value,
                maxConnectionsPerClient, maxHeaderBytes);
    }

    public HttpLimits withMaxConnectionsPerClient(int value) {
        return new HttpLimits(idleTimeout, headerTimeout, bodyTimeout, minBodyBytesPerSecond, maxConnections,
                value, maxHeaderBytes);
    }

    public HttpLimits withMaxHeaderBytes(int value) {
        return new HttpLimits(idleTimeout, headerTimeout, bodyTimeout, minBodyBytesPerSecond, maxConnections,
                maxConnectionsPerClient, value);
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the " + name + " must be positive");
        }
    }
}
