package dev.roster.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Token buckets in this process (Bucket4j): capacity and greedy refill of the Action's limit per second.
 * With several nodes each node limits on its own, so the cluster lets through up to N times the limit.
 */
public final class LocalRateLimiter implements RateLimiter {
    private final RateLimits limits;
    private final TimeMeter time;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public LocalRateLimiter(RateLimits limits, TimeMeter time) {
        this.limits = limits;
        this.time = time;
    }

    @Override
    public Decision acquire(String accessKeyId, String action) {
        int perSecond = limits.perSecond(action);
        if (perSecond == 0) {
            return Decision.UNLIMITED;
        }
        Bucket bucket = buckets.computeIfAbsent(accessKeyId + '\n' + action, key -> Bucket.builder()
                .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                .withCustomTimePrecision(time)
                .build());
        return decide(perSecond, bucket.tryConsumeAndReturnRemaining(1));
    }

    static Decision decide(long perSecond, ConsumptionProbe probe) {
        return new Decision(probe.isConsumed(), perSecond, probe.getRemainingTokens(),
                wholeSeconds(probe.getNanosToWaitForReset()),
                Math.max(1, wholeSeconds(probe.getNanosToWaitForRefill())));
    }

    private static long wholeSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
