package dev.roster;

import dev.roster.api.Actions;
import dev.roster.auth.AuthorizationHeader;
import dev.roster.auth.Credentials;
import dev.roster.auth.SecretCipher;
import dev.roster.events.EventsConfig;
import dev.roster.http.ClientAddresses;
import dev.roster.http.HttpLimits;
import dev.roster.http.Tls;
import dev.roster.limit.RateLimits;
import dev.roster.users.Limits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a Roster server is started with, validated once here so that an impossible setting fails
 * the start with a message that names it. Built by the {@code serve} command from flags and environment
 * variables, or by tests from {@link #builder()}. {@link #toString()} hides the secrets.
 */
public record RosterConfig(
        String host,
        int port,
        Path dataDir,
        String region,
        Limits limits,
        long maxBodyBytes,
        Duration shutdownTimeout,
        boolean authEnabled,
        boolean insecure,
        Duration maxClockSkew,
        RateLimits rateLimits,
        Credentials rootKey,
        String masterKey,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        int databasePoolSize,
        String redisUrl,
        HttpLimits http,
        Set<String> regions,
        List<String> trustedProxies,
        int authFailureLimit,
        Tls tls,
        boolean benchNoop,
        boolean metrics,
        boolean console,
        Integer adminPort,
        Path seed,
        EventsConfig events) {

    public RosterConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(events, "events");
        regions = Set.copyOf(regions);
        trustedProxies = List.copyOf(trustedProxies);
        for (String allowed : regions) {
            if (!allowed.matches(AuthorizationHeader.REGION_PATTERN)) {
                throw new IllegalArgumentException("a region must be lower-case letters, digits and '-', got " + allowed);
            }
        }
        new ClientAddresses(trustedProxies); // fails fast on a malformed address or block
        if (authFailureLimit < 0) {
            throw new IllegalArgumentException("the failed-authentication limit must be 0 (off) or more, got "
                    + authFailureLimit);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        if (adminPort != null && (adminPort < 0 || adminPort > 65_535 || (adminPort == port && port != 0))) {
            throw new IllegalArgumentException("the admin port must be from 0 to 65535 and differ from the port, got "
                    + adminPort);
        }
        if (region == null || !region.matches(AuthorizationHeader.REGION_PATTERN)) {
            throw new IllegalArgumentException("region must be lower-case letters, digits and '-', got " + region);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("the body limit must be at least 1024 bytes, got " + maxBodyBytes);
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("the shutdown timeout must not be negative");
        }
        if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("the allowed clock skew must be at least one second");
        }
        List<String> limited = benchNoop ? Actions.ALL_AND_BENCH_NOOP : Actions.ALL;
        for (String action : rateLimits.perAction().keySet()) {
            if (!limited.contains(action)) {
                throw new IllegalArgumentException("unknown Action '" + action + "' in the rate limits; known: "
                        + String.join(", ", limited));
            }
        }
        if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:, got "
                    + databaseUrl.replaceAll("\\?.*", "?..."));
        }
        if (databaseUrl != null && databaseUrl.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            // Drivers and Flyway quote the URL in their error messages, and those reach the log.
            throw new IllegalArgumentException("put the database password in ROSTER_DATABASE_PASSWORD,"
                    + " not in the database URL");
        }
        if (databasePoolSize < 1 || databasePoolSize > 1000) {
            throw new IllegalArgumentException("the database pool size must be from 1 to 1000, got " + databasePoolSize);
        }
        if (redisUrl != null && !redisUrl.matches("rediss?://.+")) {
            throw new IllegalArgumentException("the Redis URL must look like redis://host:port, got " + redisUrl);
        }
        if (masterKey != null) {
            SecretCipher.sealed(masterKey); // fails fast on a weak key
        }
        if (!authEnabled && !insecure && !isLoopback(host)) {
            throw new IllegalArgumentException("--auth off lets anyone read and change every profile; it is refused"
                    + " on the non-loopback address " + host + " unless --insecure is also given");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.dataDir = dataDir;
        b.region = region;
        b.limits = limits;
        b.maxBodyBytes = maxBodyBytes;
        b.shutdownTimeout = shutdownTimeout;
        b.authEnabled = authEnabled;
        b.insecure = insecure;
        b.maxClockSkew = maxClockSkew;
        b.rateLimits = rateLimits;
        b.rootKey = rootKey;
        b.masterKey = masterKey;
        b.databaseUrl = databaseUrl;
        b.databaseUser = databaseUser;
        b.databasePassword = databasePassword;
        b.databasePoolSize = databasePoolSize;
        b.redisUrl = redisUrl;
        b.http = http;
        b.regions = regions;
        b.trustedProxies = trustedProxies;
        b.authFailureLimit = authFailureLimit;
        b.tls = tls;
        b.benchNoop = benchNoop;
        b.metrics = metrics;
        b.console = console;
        b.adminPort = adminPort;
        b.seed = seed;
        b.events = events;
        return b;
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "RosterConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", region=" + region
                + ", limits=" + limits + ", maxBodyBytes=" + maxBodyBytes + ", shutdownTimeout=" + shutdownTimeout
                + ", authEnabled=" + authEnabled + ", insecure=" + insecure + ", maxClockSkew=" + maxClockSkew
                + ", rateLimits=" + rateLimits + ", rootKey=" + (rootKey == null ? "generated" : rootKey)
                + ", masterKey=" + (masterKey == null ? "none" : "set")
                + ", database=" + (databaseUrl == null ? "sqlite" : databaseUrl.replaceAll("\\?.*", ""))
                + ", databaseUser=" + databaseUser + ", databasePassword=" + (databasePassword == null ? "none" : "set")
                + ", databasePoolSize=" + databasePoolSize + ", redis=" + (redisUrl == null ? "none" : "set")
                + ", http=" + http + ", regions=" + (regions.isEmpty() ? "any" : regions)
                + ", trustedProxies=" + trustedProxies + ", authFailureLimit=" + authFailureLimit + ", tls=" + tls
                + ", benchNoop=" + benchNoop + ", metrics=" + metrics + ", console=" + console + ", adminPort=" + adminPort + ", seed=" + seed + ", events=" + events + "]";
    }

    /** Defaults are those of the {@code serve} command. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private Path dataDir = Path.of("./roster-data");
        private String region = "cn-north-1";
        private Limits limits = Limits.DEFAULTS;
        private long maxBodyBytes = 1024 * 1024;
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private boolean authEnabled = true;
        private boolean insecure;
        private Duration maxClockSkew = Duration.ofSeconds(900);
        private RateLimits rateLimits = RateLimits.DEFAULTS;
        private Credentials rootKey;
        private String masterKey;
        private String databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private int databasePoolSize = 10;
        private String redisUrl;
        private HttpLimits http = HttpLimits.DEFAULTS;
        private Set<String> regions = Set.of();
        private List<String> trustedProxies = List.of();
        private int authFailureLimit = 20;
        private Tls tls;
        private boolean benchNoop;
        private boolean metrics = true;
        private boolean console = true;
        private Integer adminPort;
        private Path seed;
        private EventsConfig events = EventsConfig.none();

        private Builder() {}

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder limits(Limits limits) {
            this.limits = limits;
            return this;
        }

        public Builder maxBodyBytes(long maxBodyBytes) {
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        public Builder authEnabled(boolean authEnabled) {
            this.authEnabled = authEnabled;
            return this;
        }

        public Builder insecure(boolean insecure) {
            this.insecure = insecure;
            return this;
        }

        public Builder maxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
            return this;
        }

        public Builder rateLimits(RateLimits rateLimits) {
            this.rateLimits = rateLimits;
            return this;
        }

        /** The root key from the environment; {@code null} to use (or generate) a stored one. */
        public Builder rootKey(Credentials rootKey) {
            this.rootKey = rootKey;
            return this;
        }

        /** {@code null} stores secrets in clear in the owner-only data directory. */
        public Builder masterKey(String masterKey) {
            this.masterKey = masterKey;
            return this;
        }

        /** A {@code jdbc:postgresql:} URL to run on PostgreSQL; {@code null} for the embedded SQLite store. */
        public Builder databaseUrl(String databaseUrl) {
            this.databaseUrl = databaseUrl;
            return this;
        }

        public Builder databaseUser(String databaseUser) {
            this.databaseUser = databaseUser;
            return this;
        }

        public Builder databasePassword(String databasePassword) {
            this.databasePassword = databasePassword;
            return this;
        }

        public Builder databasePoolSize(int databasePoolSize) {
            this.databasePoolSize = databasePoolSize;
            return this;
        }

        /** A {@code redis://} URL to share rate limits between nodes; {@code null} limits per node. */
        public Builder redisUrl(String redisUrl) {
            this.redisUrl = redisUrl;
            return this;
        }

        /** Timeouts, connection caps and the header size limit of the HTTP server. */
        public Builder http(HttpLimits http) {
            this.http = http;
            return this;
        }

        /** The regions a credential scope may name; empty for any well-formed region. */
        public Builder regions(Set<String> regions) {
            this.regions = regions;
            return this;
        }

        /** Addresses and CIDR blocks of the proxies whose forwarded client addresses are believed. */
        public Builder trustedProxies(List<String> trustedProxies) {
            this.trustedProxies = trustedProxies;
            return this;
        }

        /** Failed authentications per second one client address may have before it gets 429; 0 is off. */
        public Builder authFailureLimit(int authFailureLimit) {
            this.authFailureLimit = authFailureLimit;
            return this;
        }

        /** Serve HTTPS from these PEM files; {@code null} (the default) serves plain HTTP. */
        public Builder tls(Tls tls) {
            this.tls = tls;
            return this;
        }

        /** Answer the BenchNoop Action (Version 2026-11-01), the HTTP floor of {@code roster bench compare}. */
        public Builder benchNoop(boolean benchNoop) {
            this.benchNoop = benchNoop;
            return this;
        }

        /** Serve {@code GET /metrics} (the default) or not. */
        public Builder metrics(boolean metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Serve the web console at {@code /console} (the default) or not. */
        public Builder console(boolean console) {
            this.console = console;
            return this;
        }

        /** Serve the probes and {@code /metrics} on this port instead of the API's; {@code null} (the default) for the same. */
        public Builder adminPort(Integer adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        /** An NDJSON file of users to register at start, leaving those already there alone; {@code null} for none. */
        public Builder seed(Path seed) {
            this.seed = seed;
            return this;
        }

        /** Where change events go, and how long they are kept. */
        public Builder events(EventsConfig events) {
            this.events = events;
            return this;
        }

        public RosterConfig build() {
            return new RosterConfig(host, port, dataDir, region, limits, maxBodyBytes, shutdownTimeout, authEnabled,
                    insecure, maxClockSkew, rateLimits, rootKey, masterKey, databaseUrl, databaseUser,
                    databasePassword, databasePoolSize, redisUrl, http, regions, trustedProxies, authFailureLimit,
                    tls, benchNoop, metrics, console, adminPort, seed, events);
        }
    }
}
