package dev.roster.events;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where change events go and how long they are kept: webhook URLs (all signed with one secret,
 * optionally only some apps' events), a Kafka topic, the attempts a delivery gets, how long events are
 * kept for {@code ListUserEvents}, and the lease a node holds a sink with.
 */
public record EventsConfig(List<URI> webhookUrls, WebhookSecret webhookSecret, Set<Integer> webhookApps,
        int maxAttempts, String kafkaBootstrap, String kafkaTopic, Duration retention, Duration lease) {
    public static final String DEFAULT_TOPIC = "roster.user-events";
    public static final int DEFAULT_MAX_ATTEMPTS = 20;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /** The bound: a dead node's sinks move on within this. */
    public static final Duration MAX_LEASE = Duration.ofSeconds(30);

    public EventsConfig {
        webhookUrls = List.copyOf(new java.util.LinkedHashSet<>(webhookUrls)); // one sink per URL, however often given
        webhookApps = Set.copyOf(webhookApps);
        Objects.requireNonNull(kafkaTopic, "kafkaTopic");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(lease, "lease");
        if (!webhookUrls.isEmpty() && webhookSecret == null) {
            throw new IllegalArgumentException("--webhook-url needs ROSTER_WEBHOOK_SECRET (whsec_ and base64) in the"
                    + " environment, to sign the webhooks");
        }
        if (webhookUrls.isEmpty() && !webhookApps.isEmpty()) {
            throw new IllegalArgumentException("--webhook-apps needs a --webhook-url");
        }
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("--webhook-max-attempts must be from 1 to 100, got " + maxAttempts);
        }
        if (kafkaTopic.isBlank() || !kafkaTopic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("--kafka-topic must be 1 to 249 letters, digits, '.', '_' or '-', got "
                    + kafkaTopic);
        }
        if (retention.toMinutes() < 1) {
            throw new IllegalArgumentException("--event-retention must be at least a minute, got " + retention);
        }
        if (lease.toMillis() < 300 || lease.compareTo(MAX_LEASE) > 0) {
            throw new IllegalArgumentException("the event lease must be from 0.3 to 30 seconds, got " + lease);
        }
    }

    /** No sinks, the default retention and lease. */
    public static EventsConfig none() {
        return new EventsConfig(List.of(), null, Set.of(), DEFAULT_MAX_ATTEMPTS, null, DEFAULT_TOPIC,
                DEFAULT_RETENTION, MAX_LEASE);
    }

    public boolean hasSinks() {
        return !webhookUrls.isEmpty() || kafkaBootstrap != null;
    }
}
