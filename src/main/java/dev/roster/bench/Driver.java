package dev.roster.bench;

import java.time.Duration;

/** Sends the workload's requests during a {@link Window} and records the measured ones. */
interface Driver {
    /** How long a run waits for its last answers: every request times out before. */
    Duration DRAIN = BenchClient.REQUEST_TIMEOUT.plusSeconds(5);

    /** Sends until the window ends, then returns once every request has its answer. */
    void run(Window window) throws InterruptedException;
}
