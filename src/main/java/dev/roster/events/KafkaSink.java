package dev.roster.events;

import dev.roster.store.StoredEvent;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces each event to one Kafka topic, keyed {@code AppId:UserId} ({@code AppId:broadcast} for a
 * broadcast's events), so that a user's events share a partition, in order; the event JSON is the value. The producer is idempotent with {@code acks=all}: an
 * event counts as delivered only once every in-sync replica has it, and the producer's own retries
 * neither repeat nor reorder records.
 */
public final class KafkaSink implements Sink {
    private static final int IN_FLIGHT = 512;
    /** A send the broker has not acknowledged within this is a failure, retried by the dispatcher. */
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final Producer<String, String> producer;
    /** Until when (System.nanoTime) sends fail at once: a send that blocked and failed means no broker answers. */
    private volatile long unavailableUntil = System.nanoTime();

    public KafkaSink(String bootstrap, String topic) {
        this(topic, new KafkaProducer<>(properties(bootstrap), new StringSerializer(), new StringSerializer()));
        LowPriority.lowerThreadsNamed("kafka-producer"); // the producer's network thread, which does the sending
    }

    KafkaSink(String topic, Producer<String, String> producer) {
        this.topic = topic;
        this.producer = producer;
    }

    private static Properties properties(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "roster");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis() - 1_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        // send() blocks while the topic's metadata is unknown: bounded, so an absent broker cannot hold the dispatcher long.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        return p;
    }

    @Override
    public String name() {
        return "kafka " + topic;
    }

    @Override
    public String label() {
        return name();
    }

    @Override
    public boolean wants(StoredEvent event) {
        return true;
    }

    @Override
    public int batchSize() {
        return IN_FLIGHT;
    }

    @Override
    public CompletableFuture<Void> send(StoredEvent event, String json) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        if (System.nanoTime() - unavailableUntil < 0) {
            acknowledged.completeExceptionally(new DeliveryFailure("Kafka: no broker answered the last send"));
            return acknowledged;
        }
        try {
            producer.send(new ProducerRecord<>(topic, key(event), json), (metadata, failure) -> {
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(new DeliveryFailure("Kafka: " + failure.getClass().getSimpleName()
                            + (failure.getMessage() == null ? "" : " " + failure.getMessage())));
                }
            });
        } catch (RuntimeException e) {
            // send() blocks up to max.block.ms while the topic's metadata is unknown: do not wait so for every event.
            unavailableUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            acknowledged.completeExceptionally(new DeliveryFailure("Kafka: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    /** {@code AppId:UserId}, or {@code AppId:broadcast} for a broadcast's events (so they keep their order too). */
    static String key(StoredEvent event) {
        return event.appId() + ":" + (EventJson.isBroadcast(event) ? "broadcast" : Long.toString(event.userId()));
    }
}
