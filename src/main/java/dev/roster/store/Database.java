package dev.roster.store;

import io.micrometer.core.instrument.MeterRegistry;

/** An opened database with Roster's schema: where profiles and keys live, and what to close at the end. */
public interface Database extends AutoCloseable {

    UserStore userStore();

    KeyStore keyStore();

    /** The outbox of change events and the delivery state of their sinks. */
    EventStore eventStore();

    /** Broadcasts and their audiences. */
    BroadcastStore broadcastStore();

    /** For the log: which database this is, without credentials. */
    String describe();

    /** Reports the connection pools' use (HikariCP's own meters) and the database's own figures to {@code registry}. */
    void bindMetrics(MeterRegistry registry);

    @Override
    void close();
}
