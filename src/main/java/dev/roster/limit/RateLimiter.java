package dev.roster.limit;

/**
 * Decides whether one more request of an access key for an Action may run now. Implementations keep
 * one token bucket per (access key, Action): a local one per process, or a shared one for several nodes.
 */
public interface RateLimiter {
    Decision acquire(String accessKeyId, String action);
}
