package dev.roster.limit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Requests per second allowed per access key and Action: a default for every Action, and overrides by
 * Action name; 0 turns an Action's limit off. The burst is one second's worth.
 */
public record RateLimits(int defaultPerSecond, Map<String, Integer> perAction) {

    /** Volcengine's published quotas: 50 per second for each user Action, 100 for BatchGetUser. */
    public static final RateLimits DEFAULTS = new RateLimits(50, Map.of("BatchGetUser", 100));

    public RateLimits {
        perAction = Map.copyOf(perAction);
        if (defaultPerSecond < 0 || perAction.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("a rate limit must be 0 (off) or more");
        }
    }

    public int perSecond(String action) {
        return perAction.getOrDefault(action, defaultPerSecond);
    }

    /** These limits with some Actions changed. */
    public RateLimits with(Map<String, Integer> overrides) {
        Map<String, Integer> merged = new TreeMap<>(perAction);
        merged.putAll(overrides);
        return new RateLimits(defaultPerSecond, merged);
    }
}
