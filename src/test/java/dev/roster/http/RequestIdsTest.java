package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void theUtcSecondThenTwentyRandomHexDigitsFollowingTheClock() {
        AtomicLong millis = new AtomicLong(Instant.parse("2026-11-26T23:59:59.998Z").toEpochMilli());
        RequestIds ids = new RequestIds(new Clock() {
            @Override
            public long millis() {
                return millis.get();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.get());
            }

            @Override
            public ZoneId getZone() {
                return ZoneId.of("UTC");
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }
        });
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            String id = ids.next();
            assertThat(id).matches("20261126235959[0-9A-F]{20}");
            seen.add(id.substring(14));
        }
        assertThat(seen).hasSize(1_000);
        millis.addAndGet(2);
        assertThat(ids.next()).matches("20261127000000[0-9A-F]{20}");
        millis.set(Instant.parse("1999-12-31T23:59:59.500Z").toEpochMilli());
        assertThat(ids.next()).startsWith("19991231235959");
    }
}
