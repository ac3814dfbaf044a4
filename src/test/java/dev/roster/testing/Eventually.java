package dev.roster.testing;

import java.time.Duration;

/** Polls an assertion until it holds or a deadline passes, instead of sleeping for a guessed time. */
public final class Eventually {
    private static final Duration PAUSE = Duration.ofMillis(100);

    private Eventually() {}

    /** Something to check that may throw; an {@link AssertionError} or any exception means "not yet". */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }

    /** Runs {@code check} until it passes; after {@code deadline}, fails with its last failure. */
    public static void within(Duration deadline, Check check) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() - end > 0) {
                    throw new AssertionError("still failing after " + deadline.toMillis() + " ms: " + e, e);
                }
            }
            Thread.sleep(PAUSE.toMillis());
        }
    }
}
