package dev.roster.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * Roster's meters: one registry for the whole process, scraped as Prometheus text at {@code GET /metrics}.
 * With metrics off the registry is an empty composite, whose meters do nothing, and there is no page.
 *
 * <p>No meter has a label with unbounded values: Actions are the known ones or {@code unknown}, codes
 * come from the error table, pools have fixed names; never an AppId, an access key or a client address.
 */
public final class Metrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;

    private Metrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gc) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.gc = gc;
    }

    /** A Prometheus registry with the JVM's and the process's own meters bound. */
    public static Metrics prometheus() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(prometheus);
        new JvmThreadMetrics().bindTo(prometheus);
        new ClassLoaderMetrics().bindTo(prometheus);
        new ProcessorMetrics().bindTo(prometheus);
        new UptimeMetrics().bindTo(prometheus);
        new FileDescriptorMetrics().bindTo(prometheus);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(prometheus);
        return new Metrics(prometheus, prometheus, gc);
    }

    /** No meters and no page ({@code --metrics off}). */
    public static Metrics off() {
        return new Metrics(new CompositeMeterRegistry(), null, null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus registry to scrape, if metrics are on. */
    public Optional<PrometheusMeterRegistry> scrapeable() {
        return Optional.ofNullable(prometheus);
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
