package dev.roster.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids in the shape Volcengine uses: the UTC time to the second followed by 20 random
 * hexadecimal digits (80 bits), e.g. {@code 20240101120000A1B2C3D4E5F60718293A}. The time is
 * formatted once per second, not once per request.
 */
final class RequestIds {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private record Second(long epochSecond, String text) {}

    private final Clock clock;
    private volatile Second second = new Second(Long.MIN_VALUE, "");

    RequestIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        long now = Math.floorDiv(clock.millis(), 1000);
        Second current = second;
        if (current.epochSecond() != now) {
            current = new Second(now, TIME.format(Instant.ofEpochSecond(now)));
            second = current;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return current.text() + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits((short) random.nextInt());
    }
}
