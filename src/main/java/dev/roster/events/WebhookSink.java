package dev.roster.events;

import dev.roster.store.StoredEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Posts each event to one URL as a Standard Webhooks message (standardwebhooks.com): the body
 * {@code {"type","timestamp","data"}}, and the headers {@code webhook-id} (the EventId, the same on every
 * attempt, for receivers to dedupe), {@code webhook-timestamp} (when this attempt was signed, so that a
 * late retry still passes a receiver's five-minute tolerance) and {@code webhook-signature}. A 2xx answer
 * is delivered; anything else, or {@link #TIMEOUT} without an answer, is a failure to retry.
 *
 * <p>Each post is made by one of {@link #IN_FLIGHT} threads of its own, blocking, over kept-alive
 * connections ({@link HttpURLConnection}): the only thread switch is the one to that thread. The JDK's
 * asynchronous HttpClient passed every post through a selector thread and a worker pool, and those
 * wake-ups made a delivery cost several times the CPU of the request that caused it.
 */
public final class WebhookSink implements Sink {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int IN_FLIGHT = 16;
    private static final String USER_AGENT = "Roster/" + java.util.Objects.requireNonNullElse(
            WebhookSink.class.getPackage().getImplementationVersion(), "development");

    static {
        // The JDK keeps at most 5 idle connections per destination unless told otherwise: keep one per thread.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(IN_FLIGHT * 2));
        }
    }

    private final URI url;
    private final URL target;
    private final WebhookSecret secret;
    private final Set<Integer> apps;
    private final Clock clock;
    private final ExecutorService posters;

    /** {@code apps} empty means every app. */
    public WebhookSink(URI url, WebhookSecret secret, Set<Integer> apps, Clock clock) {
        this.url = url;
        try {
            this.target = url.toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        this.secret = secret;
        this.apps = Set.copyOf(apps);
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.posters = Executors.newFixedThreadPool(IN_FLIGHT, runnable -> {
            Thread thread = new Thread(LowPriority.lowered(runnable), "roster-webhook-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
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

    /** A round's events wait for one of the {@link #IN_FLIGHT} threads: fewer rounds, so fewer writes of the position. */
    @Override
    public int batchSize() {
        return 256;
    }

    @Override
    public CompletableFuture<Void> send(StoredEvent event, String json) {
        return CompletableFuture.runAsync(() -> post(event, json), posters);
    }

    private void post(StoredEvent event, String json) {
        byte[] body = EventJson.webhookBody(event, json).getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) target.openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("content-type", "application/json");
            connection.setRequestProperty("user-agent", USER_AGENT);
            connection.setRequestProperty("webhook-id", event.eventId());
            connection.setRequestProperty("webhook-timestamp", Long.toString(timestamp));
            connection.setRequestProperty("webhook-signature", secret.sign(event.eventId(), timestamp, body));
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            drain(status / 100 == 2 || status < 400 ? connection.getInputStream() : connection.getErrorStream());
            if (status / 100 != 2) {
                throw new DeliveryFailure("HTTP " + status);
            }
        } catch (SocketTimeoutException e) {
            disconnect(connection);
            throw new DeliveryFailure("no answer within " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            disconnect(connection);
            throw new DeliveryFailure("cannot reach the receiver: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    /** Reads the answer to its end, so that the connection can be kept for the next post. */
    private static void drain(InputStream answer) throws IOException {
        if (answer != null) {
            try (answer) {
                answer.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static void disconnect(HttpURLConnection connection) {
        if (connection != null) {
            connection.disconnect();
        }
    }

    @Override
    public void close() {
        posters.shutdownNow();
    }
}
