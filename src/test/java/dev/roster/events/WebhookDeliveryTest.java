package dev.roster.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.cli.CommandTestSupport;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.Eventually;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.WebhookReceiver;
import dev.roster.testing.WebhookReceiver.Attempt;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks end to end: a Roster with one webhook posting to a receiver (src/test/node/webhook-receiver.js)
 * that verifies every signature with the npm {@code standardwebhooks} package and answers 500 when told.
 * Each test uses an AppId of its own and looks only at that app's deliveries.
 */
@Tag("behaviour")
class WebhookDeliveryTest {
    static final int MAX_ATTEMPTS = 3;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private static WebhookReceiver receiver;

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(builder -> {
        receiver = WebhookReceiver.start(SECRET);
        return builder.events(webhookTo(receiver.url(), Set.of()));
    });

    static EventsConfig webhookTo(URI url, Set<Integer> apps) {
        return new EventsConfig(List.of(url), WebhookSecret.parse(SECRET), apps, MAX_ATTEMPTS, null,
                EventsConfig.DEFAULT_TOPIC, EventsConfig.DEFAULT_RETENTION, EventsConfig.MAX_LEASE);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void normalReceiver() {
        receiver.reset();
    }

    private static void call(String action, String body) {
        ApiResponse r = SERVER.client().call(action, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static List<Attempt> attemptsOf(int appId) {
        return receiver.attempts().stream()
                .filter(a -> a.payload() != null && a.payload().path("data").path("AppId").asInt() == appId).toList();
    }

    private static List<Attempt> deliveredOf(int appId) {
        return attemptsOf(appId).stream().filter(Attempt::succeeded).toList();
    }

    private static List<JsonNode> feed(int appId) {
        ApiResponse r = SERVER.client().callRoster("ListUserEvents", "{\"AppId\":" + appId + ",\"Limit\":1000}");
        return StreamSupport.stream(r.result().path("Events").spliterator(), false).toList();
    }

    @Test
    void every_change_arrives_once_signed_as_standard_webhooks_with_the_event_as_data() throws Exception {
        call("RegisterUsers", "{\"AppId\":401,\"Users\":[{\"UserId\":1,\"NickName\":\"a\"},{\"UserId\":2}]}");
        call("BatchUpdateUser", "{\"AppId\":401,\"Users\":[{\"UserId\":1,\"NickName\":\"b\"}]}");
        Eventually.within(PATIENCE, () -> assertThat(deliveredOf(401)).hasSize(3));
        Thread.sleep(300); // nothing more arrives
        List<Attempt> attempts = attemptsOf(401);
        assertThat(attempts).hasSize(3).allSatisfy(a -> {
            assertThat(a.verified()).as(a.error()).isTrue();
            assertThat(a.attempt()).isEqualTo(1);
        });
        List<JsonNode> events = feed(401);
        assertThat(attempts).extracting(a -> a.payload().path("data")).containsExactlyInAnyOrderElementsOf(events);
        for (Attempt a : attempts) {
            JsonNode data = a.payload().path("data");
            assertThat(a.id()).isEqualTo(data.path("EventId").asText());
            assertThat(a.payload().path("type").asText()).isEqualTo(data.path("Type").asText());
            assertThat(java.time.Instant.parse(a.payload().path("timestamp").asText()).toEpochMilli())
                    .isEqualTo(data.path("Time").asLong());
        }
    }

    @Test
    void a_broadcast_arrives_as_accepted_then_ready_with_its_audience_size() throws Exception {
        call("RegisterUsers", "{\"AppId\":409,\"Users\":[{\"UserId\":1,\"Tags\":[\"t\"]},{\"UserId\":2}]}");
        call("UserBroadcast", "{\"AppId\":409,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"hi\","
                + "\"Tags\":[\"t\"]}");
        Eventually.within(PATIENCE, () -> assertThat(deliveredOf(409)).hasSize(4));
        List<Attempt> broadcast = deliveredOf(409).stream()
                .filter(a -> a.payload().path("type").asText().startsWith("broadcast.")).toList();
        assertThat(broadcast).extracting(a -> a.payload().path("type").asText())
                .containsExactly("broadcast.accepted", "broadcast.ready");
        assertThat(broadcast).allSatisfy(a -> assertThat(a.verified()).as(a.error()).isTrue());
        JsonNode ready = broadcast.get(1).payload().path("data");
        assertThat(ready.path("Broadcast").path("AudienceSize").asLong()).isEqualTo(1);
        assertThat(ready.path("Broadcast").path("Content").asText()).isEqualTo("hi");
        assertThat(ready.path("Broadcast").path("BroadcastId").asText())
                .isEqualTo(broadcast.get(0).payload().path("data").path("Broadcast").path("BroadcastId").asText());
        assertThat(broadcast).extracting(a -> a.payload().path("data")).isSubsetOf(feed(409));
    }

    @Test
    void a_failed_attempt_is_retried_until_the_receiver_takes_it() throws Exception {
        receiver.failFirst(2);
        call("RegisterUsers", "{\"AppId\":402,\"Users\":[{\"UserId\":1}]}");
        Eventually.within(PATIENCE, () -> assertThat(deliveredOf(402)).hasSize(1));
        List<Attempt> attempts = attemptsOf(402);
        assertThat(attempts).extracting(Attempt::status).containsExactly(500, 500, 200);
        assertThat(attempts).extracting(Attempt::attempt).containsExactly(1, 2, 3);
        // 1 s after the first failure, 2 s after the second.
        assertThat(attempts.get(1).receivedAt() - attempts.get(0).receivedAt()).isBetween(900L, 5_000L);
        assertThat(attempts.get(2).receivedAt() - attempts.get(1).receivedAt()).isBetween(1_900L, 6_000L);
    }

    @Test
    void an_event_out_of_attempts_is_failed_until_redelivered() throws Exception {
        receiver.failAll(true);
        call("RegisterUsers", "{\"AppId\":403,\"Users\":[{\"UserId\":1}]}");
        String eventId = feed(403).get(0).path("EventId").asText();
        List<String> store = SERVER.keysArgs();
        Eventually.within(PATIENCE, () -> assertThat(command(store, "events", "list", "--failed", "--app", "403"))
                .contains(eventId).contains("failed after " + MAX_ATTEMPTS + " attempts (HTTP 500)"));
        assertThat(attemptsOf(403)).hasSize(MAX_ATTEMPTS);

        receiver.failAll(false);
        assertThat(command(store, "events", "redeliver", "--failed")).contains("1 failed deliveries");
        Eventually.within(PATIENCE, () -> assertThat(deliveredOf(403)).hasSize(1));
        assertThat(command(store, "events", "list", "--app", "403")).contains("delivered").doesNotContain("failed");

        // Sent again on demand, even though it was delivered: same webhook-id, for the receiver to dedupe.
        assertThat(command(store, "events", "redeliver", eventId)).contains("will be sent again on 1 sinks");
        Eventually.within(PATIENCE, () -> assertThat(deliveredOf(403)).hasSize(2));
        assertThat(deliveredOf(403)).extracting(Attempt::id).containsOnly(eventId);
    }

    @Test
    void each_users_events_arrive_in_order_even_when_attempts_fail_under_concurrent_writes() throws Exception {
        receiver.failFirst(1);
        int users = 3;
        int updates = 4;
        call("RegisterUsers", "{\"AppId\":404,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
        ExecutorService pool = Executors.newFixedThreadPool(users * 2);
        List<Future<?>> writes = new ArrayList<>();
        for (int writer = 0; writer < users * 2; writer++) {
            long user = writer % users + 1;
            int w = writer;
            writes.add(pool.submit(() -> {
                for (int i = 0; i < updates / 2; i++) {
                    call("BatchUpdateUser", "{\"AppId\":404,\"Users\":[{\"UserId\":" + user + ",\"NickName\":\"w" + w
                            + "-" + i + "\"}]}");
                }
                return null;
            }));
        }
        for (Future<?> write : writes) {
            write.get(1, TimeUnit.MINUTES);
        }
        pool.shutdown();
        int total = users * (1 + updates);
        Eventually.within(Duration.ofSeconds(60), () -> assertThat(deliveredOf(404)).hasSize(total));

        Map<Long, Long> lastDelivered = new HashMap<>();
        Map<Long, Long> inFlight = new HashMap<>();
        for (Attempt a : attemptsOf(404)) {
            JsonNode data = a.payload().path("data");
            long user = data.path("UserId").asLong();
            long seq = data.path("Sequence").asLong();
            // No attempt at an event before the user's earlier event was delivered.
            assertThat(seq).as("user %d", user).isGreaterThan(lastDelivered.getOrDefault(user, 0L));
            Long pending = inFlight.get(user);
            assertThat(pending == null || pending == seq).as("user %d: event %d attempted while %d was not delivered",
                    user, seq, pending).isTrue();
            if (a.succeeded()) {
                lastDelivered.put(user, seq);
                inFlight.remove(user);
            } else {
                inFlight.put(user, seq);
            }
        }
        assertThat(deliveredOf(404)).extracting(Attempt::id).doesNotHaveDuplicates();
    }

    @Test
    void deliveries_and_the_sinks_backlog_are_in_metrics() throws Exception {
        receiver.failAll(true);
        call("RegisterUsers", "{\"AppId\":405,\"Users\":[{\"UserId\":1}]}");
        String sink = "sink=\"webhook " + receiver.url() + "\"";
        Eventually.within(PATIENCE, () -> {
            String metrics = metrics();
            assertThat(sample(metrics, "roster_event_deliveries_total{outcome=\"retry\"," + sink + "}")).isGreaterThanOrEqualTo(2);
            assertThat(sample(metrics, "roster_event_deliveries_total{outcome=\"failed\"," + sink + "}")).isGreaterThanOrEqualTo(1);
            assertThat(sample(metrics, "roster_events_failed{" + sink + "}")).isGreaterThanOrEqualTo(1);
            assertThat(metrics).contains("roster_events_pending{" + sink + "}", "roster_events_oldest_pending_seconds{" + sink + "}");
        });
        receiver.failAll(false);
        call("RegisterUsers", "{\"AppId\":405,\"Users\":[{\"UserId\":2}]}");
        Eventually.within(PATIENCE, () -> assertThat(sample(metrics(),
                "roster_event_deliveries_total{outcome=\"delivered\"," + sink + "}")).isGreaterThanOrEqualTo(1));
    }

    private static String metrics() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                SERVER.roster().url().resolve("/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** The value of one sample, {@code name{labels}} exactly as written; fails if there is none. */
    private static double sample(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError("no " + series + " in /metrics"));
    }

    private static String command(List<String> store, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(store);
        return CommandTestSupport.succeed(all);
    }
}
