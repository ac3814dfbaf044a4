package dev.roster.testing;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until something holds or time runs out, for effects that are due within a bound, not at once. */
public final class Eventually {
    private static final long PAUSE_MILLIS = 20;

    private Eventually() {}

    /**
     * Calls {@code attempt} until {@code done} accepts its value or {@code within} has passed, and returns
     * the last value with how long it took; the caller asserts on both.
     */
    public static <T> Outcome<T> eventually(Duration within, Supplier<T> attempt, Predicate<T> done) {
        long started = System.nanoTime();
        long deadline = started + within.toNanos();
        T value = attempt.get();
        while (!done.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = attempt.get();
        }
        return new Outcome<>(value, Duration.ofNanos(System.nanoTime() - started));
    }

    /** The last value seen and the time taken to see it. */
    public record Outcome<T>(T value, Duration took) {}
}
