package dev.roster.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import dev.roster.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The access log's queue: a logging request never waits, and what cannot be queued is counted and reported. */
class QueueingAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch open = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);

    @AfterEach
    void stop() {
        open.countDown();
        context.stop();
    }

    /** An appender that writes nothing until {@link #open} is counted down, like a stalled stderr. */
    private QueueingAppender queueing(int queueSize) {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what Logback's SLF4J provider does for its context
        AppenderBase<ILoggingEvent> slow = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent event) {
                entered.countDown();
                try {
                    open.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                written.add(event.getFormattedMessage());
            }
        };
        slow.setContext(context);
        slow.start();
        QueueingAppender queueing = new QueueingAppender();
        queueing.setContext(context);
        queueing.setQueueSize(queueSize);
        queueing.addAppender(slow);
        queueing.start();
        Logger logger = context.getLogger("test");
        logger.setAdditive(false);
        logger.addAppender(queueing);
        return queueing;
    }

    @Test
    void a_stalled_output_never_blocks_the_caller_and_drops_are_counted_and_reported() throws Exception {
        queueing(4);
        Logger logger = context.getLogger("test");
        long droppedBefore = QueueingAppender.dropped();

        long started = System.nanoTime();
        logger.info("line {}", 0);
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i < 20; i++) {
            logger.info("line {}", i);
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(tookMillis).as("20 lines logged while the output is stalled").isLessThan(2_000);
        // One line is with the stalled appender, four wait in the queue: fifteen are dropped.
        assertThat(QueueingAppender.dropped() - droppedBefore).isEqualTo(15);
        open.countDown();
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(written).hasSize(6));
        assertThat(written.subList(0, 5)).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
        assertThat(written.get(5)).isEqualTo(
                "15 log lines dropped since the last report: the log's queue (4 lines) was full");
    }

    @Test
    void lines_are_written_in_order_and_all_of_them_are_delivered_before_stop_returns() {
        QueueingAppender queueing = queueing(1000);
        open.countDown();
        Logger logger = context.getLogger("test");
        for (int i = 0; i < 500; i++) {
            logger.info("line {}", i);
        }
        queueing.stop();
        assertThat(written).hasSize(500);
        assertThat(written.get(0)).isEqualTo("line 0");
        assertThat(written.get(499)).isEqualTo("line 499");
    }
}
