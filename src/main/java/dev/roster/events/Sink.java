package dev.roster.events;

import dev.roster.store.StoredEvent;
import java.util.concurrent.CompletableFuture;

/**
 * Where events go: a webhook URL or a Kafka topic. A {@link Dispatcher} hands it events in order per
 * user and never a user's next event before the last one is settled.
 */
public interface Sink extends AutoCloseable {

    /** The sink's key in the store ({@code event_sinks.sink}): stable across restarts and alike on every node. */
    String name();

    /** How the sink appears in the log and in metrics: no credentials, no query string. */
    String label();

    /** False for events this sink does not take (another app's); they are passed over. */
    boolean wants(StoredEvent event);

    /** How many events to have in flight at once at most. */
    int batchSize();

    /**
     * Sends one event ({@code json} is {@link EventJson#of}); completes once the far end took it, or
     * exceptionally with a {@link DeliveryFailure} that says why not.
     */
    CompletableFuture<Void> send(StoredEvent event, String json);

    @Override
    void close();

    /** Why a delivery failed, in words fit for the log and {@code roster events list}. */
    final class DeliveryFailure extends RuntimeException {
        public DeliveryFailure(String message) {
            super(message, null, false, false);
        }
    }
}
