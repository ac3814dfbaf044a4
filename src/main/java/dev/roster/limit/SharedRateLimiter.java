package dev.roster.limit;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets shared by every node through Redis (Bucket4j's Lettuce backend, compare-and-swap), so
 * that a key's limit holds for the whole cluster. When Redis cannot be reached, each request falls back
 * to this node's {@link LocalRateLimiter} at once (commands are refused while disconnected, not queued),
 * the log says that limits are now per node, and Lettuce reconnects in the background; the first
 * request that reaches Redis again switches back.
 */
public final class SharedRateLimiter implements RateLimiter, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SharedRateLimiter.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    private static final String PREFIX = "roster:rate:";

    private final RateLimits limits;
    private final RateLimiter fallback;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final ProxyManager<String> buckets;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    /** One proxy per bucket, so that concurrent requests of this node are sent to Redis as one batch. */
    private final ConcurrentMap<String, BucketProxy> proxies = new ConcurrentHashMap<>();

    private SharedRateLimiter(RateLimits limits, RateLimiter fallback, RedisClient client,
            StatefulRedisConnection<String, byte[]> connection) {
        this.limits = limits;
        this.fallback = fallback;
        this.client = client;
        this.connection = connection;
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
    }

    /** Connects to {@code redisUrl} ({@code redis://host:port[/db]}); fails if Redis cannot be reached now. */
    public static SharedRateLimiter connect(String redisUrl, RateLimits limits, RateLimiter fallback) {
        RedisURI uri = RedisURI.create(redisUrl);
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        try {
            StatefulRedisConnection<String, byte[]> connection =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            return new SharedRateLimiter(limits, fallback, client, connection);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    @Override
    public Decision acquire(String accessKeyId, String action) {
        int perSecond = limits.perSecond(action);
        if (perSecond == 0) {
            return Decision.UNLIMITED;
        }
        try {
            // The limit is part of the key: a node started with another limit uses other buckets.
            String key = PREFIX + perSecond + ":" + accessKeyId + ":" + action;
            BucketProxy bucket = proxies.computeIfAbsent(key, k -> buckets.builder()
                    .withOptimization(Optimizations.batching())
                    .build(k, () -> configuration(perSecond)));
            Decision decision = LocalRateLimiter.decide(perSecond, bucket.tryConsumeAndReturnRemaining(1));
            if (reachable.compareAndSet(false, true)) {
                LOG.info("Redis is reachable again: rate limits are shared by all nodes again");
            }
            return decision;
        } catch (RuntimeException e) {
            if (reachable.compareAndSet(true, false)) {
                LOG.warn("Redis is unreachable ({}): rate limits are per node until it returns", e.toString());
            }
            return fallback.acquire(accessKeyId, action);
        }
    }

    /** True when Redis answers a PING now. */
    public boolean ping() {
        try {
            return "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static BucketConfiguration configuration(int perSecond) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .build();
    }
}
