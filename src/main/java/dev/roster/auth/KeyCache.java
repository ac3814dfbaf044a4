package dev.roster.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Remembers key lookups, found or not, for at most {@link #TTL}, so that a burst of requests (or of
 * probes with made-up key ids) costs one store read per key id and second; a key created, disabled or
 * deleted is therefore in force on every node within a second. Holds at most {@link #MAX_ENTRIES}
 * answers: when full, expired ones are dropped, and if none are, the new answer is not kept.
 */
public final class KeyCache implements KeyLookup {
    public static final Duration TTL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Optional<KeyRing.Usable> key, long expiresAtMillis) {}

    private final KeyLookup store;
    private final Clock clock;
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    public KeyCache(KeyLookup store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<KeyRing.Usable> find(String accessKeyId) {
        long now = clock.millis();
        Entry entry = entries.get(accessKeyId);
        if (entry != null && now < entry.expiresAtMillis()) {
            return entry.key();
        }
        Optional<KeyRing.Usable> key = store.find(accessKeyId);
        if (entries.size() >= MAX_ENTRIES) {
            entries.values().removeIf(e -> now >= e.expiresAtMillis());
        }
        if (entries.size() < MAX_ENTRIES || entries.containsKey(accessKeyId)) {
            entries.put(accessKeyId, new Entry(key, now + TTL.toMillis()));
        }
        return key;
    }
}
