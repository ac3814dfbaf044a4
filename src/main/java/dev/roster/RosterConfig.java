package dev.roster;

import dev.roster.users.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a Roster server is started with, validated once here. Built by the {@code serve}
 * command from flags and environment variables, or by tests from {@link #defaults()}.
 */
public record RosterConfig(
        String host,
        int port,
        Path dataDir,
        String region,
        Limits limits,
        long maxBodyBytes,
        Duration shutdownTimeout) {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_DATA_DIR = "./roster-data";
    public static final String DEFAULT_REGION = "cn-north-1";
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    public RosterConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        if (region == null || !region.matches("[a-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("region must be lower-case letters, digits and '-', got " + region);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1024 bytes, got " + maxBodyBytes);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("the shutdown timeout must not be negative");
        }
    }

    public static RosterConfig defaults() {
        return new RosterConfig(DEFAULT_HOST, DEFAULT_PORT, Path.of(DEFAULT_DATA_DIR), DEFAULT_REGION, Limits.DEFAULTS,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    public RosterConfig withHost(String host) {
        return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout);
    }

    public RosterConfig withPort(int port) {
        return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout);
    }

    public RosterConfig withDataDir(Path dataDir) {
        return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout);
    }

    public RosterConfig withRegion(String region) {
        return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout);
    }

    public RosterConfig withMaxBodyBytes(long maxBodyBytes) {
        return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout);
    }

    public RosterConfig withLimits(Limits limits) {
        return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout);
    }
}
