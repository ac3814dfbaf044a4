package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Key lookups remembered for at most a second, found or not, within a bounded size. */
class KeyCacheTest {
    private static final KeyRing.Usable KEY = new KeyRing.Usable("AKLTone", "secret-one", AppScope.ALL, true);

    private final Map<String, KeyRing.Usable> stored = new HashMap<>(Map.of("AKLTone", KEY));
    private final AtomicInteger lookups = new AtomicInteger();
    private final MovableClock clock = new MovableClock();
    private final KeyCache cache = new KeyCache(id -> {
        lookups.incrementAndGet();
        return Optional.ofNullable(stored.get(id));
    }, clock);

    @Test
    void a_key_found_or_not_is_looked_up_once_per_second() {
        for (int i = 0; i < 100; i++) {
            assertThat(cache.find("AKLTone")).contains(KEY);
            assertThat(cache.find("AKLTnobody")).isEmpty();
        }
        assertThat(lookups).hasValue(2);
    }

    @Test
    void a_change_in_the_store_is_seen_once_the_second_has_passed() {
        assertThat(cache.find("AKLTone")).contains(KEY);
        stored.remove("AKLTone");
        clock.advance(Duration.ofMillis(999));
        assertThat(cache.find("AKLTone")).as("still within the second").contains(KEY);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.find("AKLTone")).isEmpty();
        stored.put("AKLTone", KEY);
        clock.advance(KeyCache.TTL);
        assertThat(cache.find("AKLTone")).as("a negative answer expires too").contains(KEY);
    }

    @Test
    void when_full_new_answers_are_still_given_but_not_kept_until_old_ones_expire() {
        for (int i = 0; i < KeyCache.MAX_ENTRIES; i++) {
            cache.find("AKLTprobe" + i);
        }
        int before = lookups.get();
        cache.find("AKLTone");
        cache.find("AKLTone");
        assertThat(lookups.get() - before).as("not cached while full of live entries").isEqualTo(2);
        clock.advance(KeyCache.TTL);
        cache.find("AKLTone");
        cache.find("AKLTone");
        assertThat(lookups.get() - before).as("expired entries make room").isEqualTo(3);
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
