package dev.roster.events;

import dev.roster.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change events of a running node: a {@link Dispatcher} per configured sink, the pruning of events
 * older than the retention, and the figures of each sink (refreshed every 10 s for {@code /metrics};
 * logged every minute while a sink has pending or failed events, with a warning once the oldest pending
 * one is more than a minute old).
 */
public final class Events implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Events.class);
    private static final int PRUNE_BATCH = 1_000;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);
    private static final Duration FIGURES_EVERY = Duration.ofSeconds(10);
    private static final Duration LOG_EVERY = Duration.ofMinutes(1);
    private static final Duration LATE = Duration.ofMinutes(1);

    private final EventStore store;
    private final EventsConfig config;
    private final Clock clock;
    private final List<Dispatcher> dispatchers;
    private final DeliveryMetrics metrics;
    private final ScheduledExecutorService scheduler;
    private long lastLog;

    private Events(EventStore store, EventsConfig config, Clock clock, List<Dispatcher> dispatchers,
            DeliveryMetrics metrics) {
        this.store = store;
        this.config = config;
        this.clock = clock;
        this.dispatchers = dispatchers;
        this.metrics = metrics;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "roster-events-upkeep");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers the sinks in the store, starts their dispatchers and the upkeep. */
    public static Events start(EventStore store, EventsConfig config, Clock clock, MeterRegistry registry) {
        String node = nodeName();
        DeliveryMetrics metrics = new DeliveryMetrics(registry);
        List<Dispatcher> dispatchers = new ArrayList<>();
        for (URI url : config.webhookUrls()) {
            Sink sink = new WebhookSink(url, config.webhookSecret(), config.webhookApps(), clock);
            dispatchers.add(new Dispatcher(store, sink, config, node, clock, metrics));
        }
        if (config.kafkaBootstrap() != null) {
            dispatchers.add(new Dispatcher(store, new KafkaSink(config.kafkaBootstrap(), config.kafkaTopic()), config,
                    node, clock, metrics));
        }
        Events events = new Events(store, config, clock, dispatchers, metrics);
        try {
            for (Dispatcher dispatcher : dispatchers) {
                dispatcher.start();
                LOG.info("events: delivering to {}", dispatcher.sink().label());
            }
        } catch (RuntimeException e) {
            events.close();
            throw e;
        }
        events.scheduler.scheduleWithFixedDelay(events::prune, 0, PRUNE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        if (!dispatchers.isEmpty()) {
            events.scheduler.scheduleWithFixedDelay(events::figures, FIGURES_EVERY.toMillis(), FIGURES_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return events;
    }

    /** Lets the dispatchers look at once: this node just committed changes. */
    public void wake() {
        dispatchers.forEach(Dispatcher::wake);
    }

    /** Deletes events older than the retention, a batch at a time so that writers are never held long. */
    void prune() {
        try {
            long cutoff = clock.millis() - config.retention().toMillis();
            long total = 0;
            int pruned;
            do {
                pruned = store.prune(cutoff, PRUNE_BATCH);
                total += pruned;
            } while (pruned == PRUNE_BATCH && !scheduler.isShutdown());
            if (total > 0) {
                LOG.info("events: pruned {} older than {}", total, config.retention());
            }
        } catch (RuntimeException e) { // not only the store's: an exception would end the scheduled task for good
            LOG.warn("events: pruning failed, trying again in {}: {}", PRUNE_EVERY, e.getMessage());
        }
    }

    private void figures() {
        long now = clock.millis();
        boolean log = now - lastLog >= LOG_EVERY.toMillis();
        for (Dispatcher dispatcher : dispatchers) {
            Sink sink = dispatcher.sink();
            try {
                DeliveryMetrics.Figures figures = new DeliveryMetrics.Figures(store.stats(sink.name()), now);
                metrics.update(sink, figures);
                EventStore.SinkStats stats = figures.stats();
                if (log && figures.oldestPendingSeconds() > LATE.toSeconds()) {
                    LOG.warn("events to {}: {} pending, {} failed; the oldest pending event is {} s old", sink.label(),
                            stats.pending(), stats.failed(), (long) figures.oldestPendingSeconds());
                } else if (log && (stats.pending() > 0 || stats.failed() > 0)) {
                    LOG.info("events to {}: {} pending, {} failed", sink.label(), stats.pending(), stats.failed());
                }
            } catch (RuntimeException e) {
                LOG.warn("events to {}: no figures: {}", sink.label(), e.getMessage());
            }
        }
        if (log) {
            lastLog = now;
        }
    }

    /** Stops the dispatchers (each after its round in flight) and the upkeep. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        for (Dispatcher dispatcher : dispatchers) {
            dispatcher.close();
        }
    }

    /** Names this process among the nodes: host, process id and a random part, so a restart is a new node. */
    public static String nodeName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
