package dev.roster.bench;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of lanes, each sending its next request when the previous one is answered, as many
 * clients each waiting for their answer would. Latency runs from the send to the answer. A lane whose
 * request got no answer at all (the server is unreachable) pauses {@value #PAUSE_AFTER_TRANSPORT_ERROR_MS}
 * ms before its next one rather than spin.
 */
final class ClosedLoop implements Driver {
    private static final long PAUSE_AFTER_TRANSPORT_ERROR_MS = 10;

    private final int lanes;
    private final Workload workload;
    private final BenchClient client;
    private final Tally tally;
    private final ScheduledExecutorService timer;
    private final InFlight inFlight = new InFlight();

    ClosedLoop(int lanes, Workload workload, BenchClient client, Tally tally, ScheduledExecutorService timer) {
        this.lanes = lanes;
        this.workload = workload;
        this.client = client;
        this.tally = tally;
        this.timer = timer;
    }

    @Override
    public void run(Window window) throws InterruptedException {
        for (int lane = 0; lane < lanes; lane++) {
            sendNext(window);
        }
        long untilEnd = window.end() - System.nanoTime();
        if (untilEnd > 0) {
            TimeUnit.NANOSECONDS.sleep(untilEnd);
        }
        inFlight.awaitNone(DRAIN);
    }

    private void sendNext(Window window) {
        long sentAt = System.nanoTime();
        if (sentAt - window.end() >= 0) {
            return;
        }
        SignedRequest request = workload.next();
        inFlight.sent();
        client.send(request, answer -> {
            long now = System.nanoTime();
            if (window.measures(sentAt)) {
                tally.record(request.action(), now - sentAt, answer, now);
            }
            if (answer.unanswered()) {
                timer.schedule(() -> sendNext(window), PAUSE_AFTER_TRANSPORT_ERROR_MS, TimeUnit.MILLISECONDS);
            } else {
                sendNext(window);
            }
            inFlight.answered();
        });
    }
}
