package dev.roster.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one {@code roster bench} run does, validated once: where, with which keys, how hard, for how long,
 * and which requests. {@code rate} 0 means a closed loop of {@code connections}; otherwise an open loop at
 * {@code rate} requests per second over at most {@code connections} connections.
 */
public record BenchSettings(
        URI url,
        List<BenchKey> keys,
        List<Integer> everyAppKeyApps,
        String region,
        int rate,
        int connections,
        Duration duration,
        Duration warmup,
        Mix mix,
        int usersPerRequest,
        int registeredUsers,
        boolean register,
        Long serverPid) {

    public static final String DEFAULT_REGION = "cn-north-1";

    public BenchSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(mix, "mix");
        keys = List.copyOf(keys);
        everyAppKeyApps = List.copyOf(everyAppKeyApps);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("--url must be http://HOST:PORT or https://HOST:PORT, got " + url);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the bench needs at least one access key");
        }
        if (everyAppKeyApps.isEmpty() || everyAppKeyApps.stream().anyMatch(app -> app < 1)) {
            throw new IllegalArgumentException("--apps must name AppIds from 1 to 2147483647");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("--rate must be above 0, got " + rate);
        }
        if (connections < 1 || connections > 10_000) {
            throw new IllegalArgumentException("--connections must be from 1 to 10000, got " + connections);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be above 0");
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("--warmup must not be negative");
        }
        if (usersPerRequest < 1) {
            throw new IllegalArgumentException("--users-per-request must be at least 1, got " + usersPerRequest);
        }
        if (registeredUsers < usersPerRequest) {
            throw new IllegalArgumentException("--registered-users (" + registeredUsers
                    + ") must be at least --users-per-request (" + usersPerRequest + ")");
        }
    }

    /** One access key working in one AppId: what the workload spreads requests over. */
    public record Target(BenchKey key, int app) {}

    /** Every (key, AppId) pair, key by key. */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (BenchKey key : keys) {
            for (int app : key.appsOr(everyAppKeyApps)) {
                targets.add(new Target(key, app));
            }
        }
        return targets;
    }

    public boolean openLoop() {
        return rate > 0;
    }

    /** A short description for the report's first line. */
    public String describe() {
        String load = openLoop() ? "open loop at " + rate + " req/s (at most " + connections + " connections)"
                : "closed loop over " + connections + " connections";
        return load + ", mix " + mix + ", " + usersPerRequest + " users per request, users 1.." + registeredUsers
                + ", " + keys.size() + (keys.size() == 1 ? " key" : " keys") + " in " + targets().size()
                + " (key, AppId) pairs";
    }

    /** These settings with another mix and registration: what {@code bench compare} varies between phases. */
    BenchSettings with(Mix otherMix, boolean otherRegister) {
        return new BenchSettings(url, keys, everyAppKeyApps, region, rate, connections, duration, warmup, otherMix,
                usersPerRequest, registeredUsers, otherRegister, serverPid);
    }
}
