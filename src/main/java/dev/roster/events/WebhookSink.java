package dev.roster.events;

import dev.roster.store.StoredEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Posts each event to one URL as a Standard Webhooks message (standardwebhooks.com): the body
 * {@code {"type","timestamp","data"}}, and the headers {@code webhook-id} (the EventId, the same on every
 * attempt, for receivers to dedupe), {@code webhook-timestamp} (when this attempt was signed, so that a
 * late retry still passes a receiver's five-minute tolerance) and {@code webhook-signature}. A 2xx answer
 * within {@link #TIMEOUT} is delivered; anything else is a failure to retry.
 */
public final class WebhookSink implements Sink {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int IN_FLIGHT = 64;
    private static final String USER_AGENT = "Roster/" + java.util.Objects.requireNonNullElse(
            WebhookSink.class.getPackage().getImplementationVersion(), "development");

    private final URI url;
    private final WebhookSecret secret;
    private final Set<Integer> apps;
    private final HttpClient client;
    private final Clock clock;

    /** {@code apps} empty means every app. */
    public WebhookSink(URI url, WebhookSecret secret, Set<Integer> apps, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.apps = Set.copyOf(apps);
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Refuses what cannot be a webhook URL: not http(s), no host, or credentials in it (they would reach the log). */
    public static URI checkUrl(String text) {
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + text);
        }
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("a webhook URL must be http:// or https:// with a host, got " + text);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a webhook URL must not hold credentials; authenticate receivers by"
                    + " the webhook signature");
        }
        return url;
    }

    @Override
    public String name() {
        return "webhook " + url;
    }

    @Override
    public String label() {
        return "webhook " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public boolean wants(StoredEvent event) {
        return apps.isEmpty() || apps.contains(event.appId());
    }

    @Override
    public int batchSize() {
        return IN_FLIGHT;
    }

    @Override
    public CompletableFuture<Void> send(StoredEvent event, String json) {
        String body = EventJson.webhookBody(event, json);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("content-type", "application/json")
                .header("user-agent", USER_AGENT)
                .header("webhook-id", event.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", secret.sign(event.eventId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                throw new DeliveryFailure(cause instanceof HttpTimeoutException
                        ? "no answer within " + TIMEOUT.toSeconds() + " s"
                        : "cannot reach the receiver: " + cause.getClass().getSimpleName()
                                + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
            }
            if (response.statusCode() / 100 != 2) {
                throw new DeliveryFailure("HTTP " + response.statusCode());
            }
            return null;
        });
    }

    /** Nothing to release: the client's threads are daemons and it closes idle connections itself (Java 17 has no close). */
    @Override
    public void close() {}
}
