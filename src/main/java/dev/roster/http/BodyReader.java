package dev.roster.http;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while bytes are awaited: it takes what has arrived,
 * then asks Jetty to call back when there is more ({@code demand}), so a slow client costs a connection
 * and the bytes it really sent, nothing else. The buffer grows with what arrives, never by the
 * declared length. A body over {@code maxBytes} fails with {@code RequestTooLarge} as soon as that is
 * known; a body not whole within the body timeout, or slower than the minimum rate after its first
 * second, fails with {@code RequestTimeout}. Exactly one of the sink's methods is called, once.
 *
 * <p>With {@code keep} false the bytes are counted and dropped: used to let the client of a refused
 * body finish sending, so that it reads the answer instead of a reset connection.
 */
final class BodyReader implements Runnable {
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int FIRST_CAPACITY = 4096;

    /** Where the outcome goes; called on a Jetty thread that may block. */
    interface Sink {
        void body(byte[] body);

        /** {@code RequestTooLarge} or {@code RequestTimeout}. */
        void refused(ApiException error);

        /** The client closed or broke the connection before its body was whole. */
        void gone(Throwable cause);
    }

    private final Request request;
    private final long maxBytes;
    private final boolean keep;
    private final HttpLimits limits;
    private final Sink sink;
    private final long started = System.nanoTime();
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile long received;
    private byte[] buffer = new byte[0];
    private volatile Scheduler.Task timer;

    private BodyReader(Request request, long maxBytes, boolean keep, HttpLimits limits, Sink sink) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.limits = limits;
        this.sink = sink;
    }

    /** Reads the body, up to {@code maxBytes}, into memory. */
    static void read(Request request, long maxBytes, HttpLimits limits, Sink sink) {
        new BodyReader(request, maxBytes, true, limits, sink).run();
    }

    /** Reads and drops a body of at most {@code maxBytes}; {@link Sink#body} gets an empty array. */
    static void discard(Request request, long maxBytes, HttpLimits limits, Sink sink) {
        new BodyReader(request, maxBytes, false, limits, sink).run();
    }

    /** Reads what has arrived; called again by Jetty (demand) when more has. */
    @Override
    public void run() {
        while (!done.get()) {
            Content.Chunk chunk;
            try {
                chunk = request.read();
            } catch (RuntimeException e) {
                finish(() -> sink.gone(e));
                return;
            }
            if (chunk == null) {
                startTimer();
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                Throwable failure = chunk.getFailure();
                chunk.release();
                finish(() -> sink.gone(failure));
                return;
            }
            ByteBuffer bytes = chunk.getByteBuffer();
            long total = received + bytes.remaining();
            if (total > maxBytes) {
                chunk.release();
                finish(() -> sink.refused(ApiError.REQUEST_TOO_LARGE.exception(
                        "The request body exceeds " + maxBytes + " bytes")));
                return;
            }
            boolean last = chunk.isLast();
            if (keep) {
                append(bytes, last);
            }
            received = total;
            chunk.release();
            if (last) {
                byte[] body = !keep ? new byte[0] : buffer.length == total ? buffer : Arrays.copyOf(buffer, (int) total);
                finish(() -> sink.body(body));
                return;
            }
        }
    }

    private void append(ByteBuffer bytes, boolean last) {
        int size = (int) received;
        int needed = size + bytes.remaining();
        if (needed > buffer.length) {
            // The last chunk needs no room beyond itself (a body in one chunk is copied once).
            int grown = last ? needed : Math.max(needed, Math.max(FIRST_CAPACITY, buffer.length * 2));
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, maxBytes));
        }
        bytes.get(buffer, size, bytes.remaining());
    }

    /** Once the body has to be waited for, checks the deadline and the rate every second. */
    private void startTimer() {
        if (timer == null) {
            timer = scheduler().schedule(this::check, 1, TimeUnit.SECONDS);
        }
    }

    private void check() {
        if (done.get()) {
            return;
        }
        long elapsed = System.nanoTime() - started;
        long timeout = limits.bodyTimeout().toNanos();
        long rate = limits.minBodyBytesPerSecond();
        long expected = rate * Math.max(0, elapsed - GRACE_NANOS) / TimeUnit.SECONDS.toNanos(1);
        long declared = request.getLength();
        if (declared >= 0) {
            expected = Math.min(expected, declared);
        }
        if (elapsed >= timeout || received < expected) {
            String why = elapsed >= timeout
                    ? "The request body did not arrive within " + limits.bodyTimeout().toSeconds() + " s"
                    : "The request body arrived slower than " + rate + " bytes per second";
            finish(() -> sink.refused(ApiError.REQUEST_TIMEOUT.exception(why)));
            return;
        }
        long next = Math.min(TimeUnit.SECONDS.toNanos(1), timeout - elapsed);
        timer = scheduler().schedule(this::check, Math.max(1, next), TimeUnit.NANOSECONDS);
    }

    private Scheduler scheduler() {
        return request.getComponents().getScheduler();
    }

    private void finish(Runnable outcome) {
        if (done.compareAndSet(false, true)) {
            Scheduler.Task pending = timer;
            if (pending != null) {
                pending.cancel();
            }
            outcome.run();
        }
    }
}
