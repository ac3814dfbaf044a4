package dev.roster.limit;

/**
 * The answer of a {@link RateLimiter}, with what the {@code X-RateLimit-*} and {@code Retry-After}
 * headers report: the limit per second, the tokens left, whole seconds until the bucket is full again,
 * and (when refused) whole seconds, at least 1, until a token is free.
 */
public record Decision(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

    /** For an Action whose limit is turned off: no bucket, no headers. */
    public static final Decision UNLIMITED = new Decision(true, 0, 0, 0, 0);

    public boolean limited() {
        return limit > 0;
    }
}
