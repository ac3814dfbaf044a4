package dev.roster.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed rate whatever the server does: request k is due at {@code start + k / rate}, and its
 * latency is counted from then, not from when it actually left. A server that stalls is charged for
 * every request that should have been sent during the stall (no coordinated omission); a sender that
 * falls behind catches up at once.
 */
final class OpenLoop implements Driver {
    private final int rate;
    private final Workload workload;
    private final BenchClient client;
    private final Tally tally;
    private final InFlight inFlight = new InFlight();

    OpenLoop(int rate, Workload workload, BenchClient client, Tally tally) {
        this.rate = rate;
        this.workload = workload;
        this.client = client;
        this.tally = tally;
    }

    @Override
    public void run(Window window) throws InterruptedException {
        for (long k = 0; ; k++) {
            long due = window.start() + k * 1_000_000_000L / rate;
            if (due - window.end() >= 0) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            SignedRequest request = workload.next();
            boolean measured = window.measures(due);
            inFlight.sent();
            client.send(request, answer -> {
                long now = System.nanoTime();
                if (measured) {
                    tally.record(request.action(), now - due, answer, now);
                }
                inFlight.answered();
            });
        }
        inFlight.awaitNone(DRAIN);
    }
}
