package dev.roster.events;

import dev.roster.store.EventStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the dispatchers report, per sink: {@code roster_event_deliveries_total{sink,outcome}} (delivered,
 * retry, failed), and the gauges {@code roster_events_pending{sink}}, {@code roster_events_failed{sink}},
 * {@code roster_events_oldest_pending_seconds{sink}} from the store's figures, refreshed by {@link Events}.
 */
public final class DeliveryMetrics {
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Figures>> figures = new ConcurrentHashMap<>();

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The figures of one sink at one moment: the store's counts, and the age of the oldest pending event. */
    record Figures(EventStore.SinkStats stats, long now) {
        double oldestPendingSeconds() {
            return stats.oldestPendingTime() == 0 ? 0 : Math.max(0, now - stats.oldestPendingTime()) / 1000.0;
        }
    }

    void delivered(Sink sink, int events) {
        if (events > 0) {
            counter(sink, "delivered").increment(events);
        }
    }

    void retried(Sink sink) {
        counter(sink, "retry").increment();
    }

    void failed(Sink sink) {
        counter(sink, "failed").increment();
    }

    void update(Sink sink, Figures now) {
        figures.computeIfAbsent(sink.label(), label -> {
            AtomicReference<Figures> held = new AtomicReference<>(now);
            Gauge.builder("roster.events.pending", held, h -> h.get().stats().pending())
                    .description("Events a sink has still to take (not reached yet, or waiting for a retry)")
                    .tag("sink", label).register(registry);
            Gauge.builder("roster.events.failed", held, h -> h.get().stats().failed())
                    .description("Events a sink gave up on after every attempt (see roster events list --failed)")
                    .tag("sink", label).register(registry);
            Gauge.builder("roster.events.oldest.pending.seconds", held, h -> h.get().oldestPendingSeconds())
                    .description("Age of the oldest event a sink has still to take")
                    .tag("sink", label).register(registry);
            return held;
        }).set(now);
    }

    private Counter counter(Sink sink, String outcome) {
        return counters.computeIfAbsent(sink.label() + "\n" + outcome, key -> Counter.builder("roster.event.deliveries")
                .description("Delivery attempts of change events, by outcome: delivered, retry (failed, will try"
                        + " again), failed (out of attempts)")
                .tag("sink", sink.label()).tag("outcome", outcome).register(registry));
    }
}
