package dev.roster.http;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the shape Volcengine uses: the UTC time to the second followed by 20 random
 * hexadecimal digits (80 bits), e.g. {@code 20240101120000A1B2C3D4E5F60718293A}.
 */
final class RequestIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Clock clock;

    RequestIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return TIME.format(clock.instant())
                + String.format(Locale.ROOT, "%016X%04X", random.nextLong(), random.nextInt(0x10000));
    }
}
