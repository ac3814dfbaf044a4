package dev.roster.bench;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Requests sent and not yet answered, so that a run ends only when every measured request has its answer. */
final class InFlight {
    private static final long POLL_MILLIS = 5;
    private final AtomicLong count = new AtomicLong();

    void sent() {
        count.incrementAndGet();
    }

    void answered() {
        count.decrementAndGet();
    }

    /** Waits until nothing is in flight, at most {@code limit}; every request times out well before. */
    void awaitNone(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.get() > 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
        }
    }
}
