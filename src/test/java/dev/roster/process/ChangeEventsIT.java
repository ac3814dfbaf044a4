package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.Eventually;
import dev.roster.testing.PostgresServer;
import dev.roster.testing.RosterProcess;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.WebhookReceiver;
import dev.roster.testing.WebhookReceiver.Attempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change events across crashes and nodes, with packaged Roster processes and the verifying webhook
 * receiver: a kill -9 with events pending loses none of them, and three nodes on one PostgreSQL send each
 * event once while all live and lose none when the node that sends is killed.
 */
class ChangeEventsIT {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private WebhookReceiver receiver;
    private Path dataDir;
    private final List<RosterProcess> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = WebhookReceiver.start(SECRET);
        dataDir = Files.createTempDirectory("roster-events-it-");
    }

    @AfterEach
    void stop() throws Exception {
        for (RosterProcess process : processes) {
            process.close();
        }
        receiver.close();
        RosterServerExtension.deleteTree(dataDir);
    }

    private Map<String, String> env(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("ROSTER_WEBHOOK_URLS", receiver.url().toString());
        env.put("ROSTER_WEBHOOK_SECRET", SECRET);
        env.put("ROSTER_RATE_LIMITS", "RegisterUsers=0,BatchUpdateUser=0,ListUserEvents=0");
        return env;
    }

    private RosterProcess node(Map<String, String> env) throws Exception {
        RosterProcess process = RosterProcess.start(dataDir, env);
        processes.add(process);
        return process;
    }

    private static void register(ApiClient client, int appId, long first, int count) {
        StringBuilder users = new StringBuilder();
        for (long id = first; id < first + count; id++) {
            users.append(id == first ? "" : ",").append("{\"UserId\":").append(id).append('}');
        }
        ApiResponse r = client.call("RegisterUsers", "{\"AppId\":" + appId + ",\"Users\":[" + users + "]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** The EventIds of every event of {@code appId}, from ListUserEvents. */
    private static Set<String> feed(ApiClient client, int appId) {
        Set<String> ids = new HashSet<>();
        long after = 0;
        while (true) {
            ApiResponse r = client.callRoster("ListUserEvents", "{\"AppId\":" + appId + ",\"After\":" + after
                    + ",\"Limit\":1000}");
            JsonNode events = r.result().path("Events");
            if (events.isEmpty()) {
                return ids;
            }
            events.forEach(e -> ids.add(e.path("EventId").asText()));
            after = r.result().path("NextCursor").asLong();
        }
    }

    private Map<String, Long> deliveriesById() {
        return receiver.delivered().stream().collect(Collectors.groupingBy(Attempt::id, Collectors.counting()));
    }

    @Test
    void a_kill_with_events_waiting_for_retries_and_in_flight_loses_none() throws Exception {
        RosterProcess first = node(env(Map.of()));
        receiver.failAll(true);
        for (int i = 0; i < 5; i++) {
            register(first.client(), 1, 1 + 20L * i, 20); // all fail their first attempts: retries
        }
        Eventually.within(PATIENCE, () -> assertThat(receiver.attempts()).hasSizeGreaterThanOrEqualTo(100));
        // Answers held long past the kill below, set before failures stop: no attempt from here on is answered
        // before the kill, so every one the receiver saw is unrecorded by Roster and must come again.
        receiver.delayMs(15_000);
        receiver.failAll(false);
        for (int i = 5; i < 10; i++) {
            register(first.client(), 1, 1 + 20L * i, 20); // sent, unanswered when the kill comes
        }
        Eventually.within(PATIENCE, () -> assertThat(receiver.attempts().stream()
                .filter(a -> a.payload().path("data").path("UserId").asLong() > 100)).isNotEmpty());
        first.kill();
        // What reached the receiver but whose answer the kill cut off was never recorded as delivered.
        Set<String> cutOff = new HashSet<>(deliveriesById().keySet());

        receiver.delayMs(0);
        RosterProcess second = node(env(Map.of()));
        Set<String> written = feed(second.client(), 1);
        assertThat(written).hasSize(200);
        Eventually.within(PATIENCE, () -> assertThat(deliveriesById().keySet()).containsExactlyInAnyOrderElementsOf(written));
        assertThat(receiver.attempts()).allSatisfy(a -> assertThat(a.verified()).isTrue());
        assertThat(cutOff).isNotEmpty().allSatisfy(id -> assertThat(deliveriesById().get(id)).isEqualTo(2L));
    }

    @Test
    void three_nodes_on_postgresql_send_each_event_once_and_lose_none_when_the_sender_is_killed() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            Map<String, String> env = env(Map.of(
                    "ROSTER_DATABASE_URL", postgres.newDatabase(),
                    "ROSTER_DATABASE_USER", PostgresServer.USER,
                    "ROSTER_EVENT_LEASE", "3s"));
            List<RosterProcess> nodes = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                nodes.add(node(env));
            }
            writeThroughEvery(nodes, 2, 300);
            Set<String> written = feed(nodes.get(0).client(), 2);
            assertThat(written).hasSize(300 * 2);
            Eventually.within(PATIENCE, () -> assertThat(deliveriesById().keySet()).containsExactlyInAnyOrderElementsOf(written));
            Thread.sleep(1_000); // a second sender would have sent its copies by now
            assertThat(receiver.attempts()).hasSize(written.size()); // each once: no event was sent twice
            assertThat(deliveriesById().values()).containsOnly(1L);

            RosterProcess sender = senderOf(nodes);
            sender.kill();
            List<RosterProcess> alive = nodes.stream().filter(n -> n != sender).toList();
            writeThroughEvery(alive, 3, 100);
            Set<String> after = feed(alive.get(0).client(), 3);
            assertThat(after).hasSize(100 * 2);
            Eventually.within(PATIENCE, () -> assertThat(deliveriesById().keySet()).containsAll(after));
            assertThat(senderOf(alive)).isNotNull();
        }
    }

    /** Registers {@code users} users of {@code appId} and renames each once, spread over the nodes, from several threads. */
    private static void writeThroughEvery(List<RosterProcess> nodes, int appId, int users) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> writes = new ArrayList<>();
        for (int batch = 0; batch < users / 20; batch++) {
            ApiClient client = nodes.get(batch % nodes.size()).client();
            long first = 1 + 20L * batch;
            writes.add(pool.submit(() -> {
                register(client, appId, first, 20);
                for (long from = first; from < first + 20; from += 10) { // BatchUpdateUser takes 10 users at most
                    StringBuilder renames = new StringBuilder();
                    for (long id = from; id < from + 10; id++) {
                        renames.append(id == from ? "" : ",").append("{\"UserId\":").append(id).append(",\"NickName\":\"n\"}");
                    }
                    ApiResponse r = client.call("BatchUpdateUser", "{\"AppId\":" + appId + ",\"Users\":[" + renames + "]}");
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> write : writes) {
            write.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }

    /** The node that holds the webhook's lease: the last to say in its log that it sends the events. */
    private static RosterProcess senderOf(List<RosterProcess> nodes) throws Exception {
        Function<RosterProcess, Integer> lastClaim = node -> {
            try {
                String log = node.log();
                int took = log.lastIndexOf("this node sends them now");
                int lost = Math.max(log.lastIndexOf("another node took over"), log.lastIndexOf("the lease went to"));
                return took > lost ? 1 : 0;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        List<RosterProcess> senders = nodes.stream().filter(n -> lastClaim.apply(n) == 1).toList();
        assertThat(senders).as("exactly one node sends").hasSize(1);
        return senders.get(0);
    }
}
