package dev.roster.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands log events through a bounded queue to the appenders attached to it, on a thread of its own, so
 * that a request never waits for the console or a file, nor for another request's log line. When the
 * queue is full an event is dropped, never waited for; drops are counted ({@link #dropped()}) and
 * reported by a warning in the log itself as soon as there is room again.
 *
 * <p>Written here because Logback's {@code AsyncAppender} either blocks when full or, with
 * {@code neverBlock}, drops without counting; the rest (the attached appenders, their encoders) is
 * Logback's.
 */
public final class QueueingAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {
    private static final LongAdder DROPPED = new LongAdder();
    /** Events queued or being written, by every instance: what {@link #awaitDelivered} waits for. */
    private static final AtomicLong PENDING = new AtomicLong();

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    private int queueSize = 8192;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread worker;
    /** Drops already reported in the log; the worker's alone. */
    private long reported;

    /** Log events dropped so far because the queue was full, in this process. */
    public static long dropped() {
        return DROPPED.sum();
    }

    /**
     * Waits until every event queued so far has been written, for at most {@code limit}: for a server
     * that is stopping, so that its last requests' lines are not lost with the process.
     */
    public static void awaitDelivered(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (PENDING.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    @Override
    public void start() {
        if (queueSize < 1) {
            addError("queueSize must be at least 1");
            return;
        }
        queue = new LinkedBlockingQueue<>(queueSize);
        worker = new Thread(this::deliver, "roster-log");
        worker.setDaemon(true);
        super.start();
        worker.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // the message, thread name and MDC, as they are now
        PENDING.incrementAndGet();
        if (!queue.offer(event)) {
            PENDING.decrementAndGet();
            DROPPED.increment();
        }
    }

    /** Writes what is still queued (for at most a few seconds), then stops the attached appenders. */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        worker.interrupt();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        appenders.detachAndStopAllAppenders();
    }

    private void deliver() {
        try {
            while (true) {
                write(queue.take());
            }
        } catch (InterruptedException stopping) {
            for (ILoggingEvent event = queue.poll(); event != null; event = queue.poll()) {
                write(event);
            }
        }
    }

    private void write(ILoggingEvent event) {
        try {
            appenders.appendLoopOnAppenders(event);
        } finally {
            PENDING.decrementAndGet();
        }
        long dropped = DROPPED.sum();
        if (dropped > reported && queue.isEmpty()) {
            Logger logger = ((LoggerContext) getContext()).getLogger(QueueingAppender.class);
            appenders.appendLoopOnAppenders(new LoggingEvent(Logger.FQCN, logger, Level.WARN,
                    "{} log lines dropped since the last report: the log's queue ({} lines) was full",
                    null, new Object[] {dropped - reported, queueSize}));
            reported = dropped;
        }
    }

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
