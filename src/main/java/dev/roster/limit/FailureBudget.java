package dev.roster.limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many failed authentications each client address may spend: a token bucket per address (Bucket4j)
 * of {@code perSecond} tokens, refilled continuously, from which each failure takes one. An address
 * whose bucket is empty is refused before any work is done for it, so guessing and key probing cost the
 * server next to nothing and do not slow other clients. Successes cost nothing. Kept in this process;
 * at most {@link #MAX_ADDRESSES} addresses are tracked, and when full, addresses whose bucket has
 * refilled are forgotten first.
 */
public final class FailureBudget {
    static final int MAX_ADDRESSES = 100_000;

    private final int perSecond;
    private final TimeMeter time;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** {@code perSecond} 0 turns the budget off. */
    public FailureBudget(int perSecond, TimeMeter time) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("the failure budget must be 0 (off) or more, got " + perSecond);
        }
        this.perSecond = perSecond;
        this.time = time;
    }

    /** True when {@code client} has no failure left to spend this second. */
    public boolean exhausted(String client) {
        Bucket bucket = buckets.get(client);
        return bucket != null && bucket.getAvailableTokens() < 1;
    }

    /** Spends one failure of {@code client}'s budget. */
    public void spend(String client) {
        if (perSecond == 0) {
            return;
        }
        if (buckets.size() >= MAX_ADDRESSES && !buckets.containsKey(client)) {
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= perSecond);
        }
        buckets.computeIfAbsent(client, address -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)))
                        .withCustomTimePrecision(time)
                        .build())
                .tryConsume(1);
    }
}
