package dev.roster.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.store.StoredEvent;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.KafkaBroker;
import dev.roster.testing.RosterServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka sink against a real broker (Apache Kafka's own server, KRaft mode, started by the test):
 * every event produced once, keyed AppId:UserId, the event JSON as value, in order per user; and a send
 * the broker never acknowledges is a failure, not a delivery.
 */
class KafkaDeliveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "roster.user-events";
    private static KafkaBroker broker;

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(builder -> {
        broker = KafkaBroker.start();
        broker.createTopic(TOPIC, 3);
        return builder.events(new EventsConfig(List.of(), null, Set.of(), EventsConfig.DEFAULT_MAX_ATTEMPTS,
                broker.bootstrap(), TOPIC, EventsConfig.DEFAULT_RETENTION, EventsConfig.MAX_LEASE));
    });

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static void call(String action, String body) {
        ApiResponse r = SERVER.client().call(action, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void every_event_is_produced_once_keyed_by_user_in_order_with_the_event_as_value() {
        call("RegisterUsers", "{\"AppId\":501,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
        for (int round = 0; round < 5; round++) {
            call("BatchUpdateUser", "{\"AppId\":501,\"Users\":[{\"UserId\":1,\"NickName\":\"r" + round + "\"},"
                    + "{\"UserId\":2,\"NickName\":\"r" + round + "\"}]}");
        }
        call("UnRegisterUsers", "{\"AppId\":501,\"UserIds\":[3]}");
        int expected = 3 + 10 + 1;
        List<ConsumerRecord<String, String>> records = broker.consume(TOPIC, expected, Duration.ofSeconds(60));
        assertThat(records).hasSize(expected);

        List<JsonNode> feed = new ArrayList<>();
        SERVER.client().callRoster("ListUserEvents", "{\"AppId\":501}").result().path("Events").forEach(feed::add);
        assertThat(records).extracting(r -> parse(r.value())).containsExactlyInAnyOrderElementsOf(feed);
        Map<String, Long> lastSequence = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = parse(record.value());
            assertThat(record.key()).isEqualTo(event.path("AppId").asInt() + ":" + event.path("UserId").asLong());
            // Records of one key come in the order they were produced: a user's events, in Sequence order.
            long sequence = event.path("Sequence").asLong();
            assertThat(sequence).isGreaterThan(lastSequence.getOrDefault(record.key(), 0L));
            lastSequence.put(record.key(), sequence);
        }
    }

    @Test
    void a_broadcasts_events_are_keyed_by_app_and_come_in_order() {
        call("RegisterUsers", "{\"AppId\":502,\"Users\":[{\"UserId\":1},{\"UserId\":2}]}");
        for (int i = 0; i < 2; i++) {
            call("UserBroadcast", "{\"AppId\":502,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"b" + i
                    + "\"}");
        }
        List<ConsumerRecord<String, String>> records = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (records.size() < 4 && System.nanoTime() < deadline) { // the topic holds the other tests' records too
            records = broker.consume(TOPIC, 6, Duration.ofSeconds(10)).stream()
                    .filter(r -> r.key().equals("502:broadcast")).toList();
        }
        assertThat(records).extracting(r -> parse(r.value()).path("Type").asText())
                .containsExactlyInAnyOrder("broadcast.accepted", "broadcast.accepted", "broadcast.ready",
                        "broadcast.ready");
        Map<String, List<String>> typesById = new HashMap<>();
        long last = 0;
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = parse(record.value());
            assertThat(event.path("Sequence").asLong()).isGreaterThan(last);
            last = event.path("Sequence").asLong();
            typesById.computeIfAbsent(event.path("Broadcast").path("BroadcastId").asText(), k -> new ArrayList<>())
                    .add(event.path("Type").asText());
            if (event.path("Type").asText().equals("broadcast.ready")) {
                assertThat(event.path("Broadcast").path("AudienceSize").asLong()).isEqualTo(2);
            }
        }
        assertThat(typesById.values()).hasSize(2)
                .allSatisfy(types -> assertThat(types).containsExactly("broadcast.accepted", "broadcast.ready"));
    }

    @Test
    void a_send_no_broker_acknowledges_fails_rather_than_counting_as_delivered() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StoredEvent event = new StoredEvent(1, "evt_x", 1, 1, "user.registered", 0, "Test", "", null, "{}");
        try (KafkaSink sink = new KafkaSink("127.0.0.1:" + closedPort, TOPIC)) {
            assertThatThrownBy(() -> sink.send(event, EventJson.of(event)).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(Sink.DeliveryFailure.class)
                    .hasMessageContaining("Kafka:");
        }
    }
}
