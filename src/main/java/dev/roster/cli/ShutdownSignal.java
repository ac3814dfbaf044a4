package dev.roster.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT. Handling the signals ourselves (rather than in a shutdown hook) lets
 * {@code serve} drain requests in flight and then exit with status 0, as process supervisors expect
 * of a clean stop; a shutdown hook would end with 143.
 */
final class ShutdownSignal {
    private final CountDownLatch received = new CountDownLatch(1);

    ShutdownSignal() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> received.countDown());
        }
    }

    void await() throws InterruptedException {
        received.await();
    }
}
