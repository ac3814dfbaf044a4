package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {
    private static final String TOPIC = "roster-events";

    @Test
    void records_sent_by_an_idempotent_producer_come_back_per_key_in_send_order_and_close_frees_the_port()
            throws Exception {
        int port;
        try (KafkaBroker kafka = KafkaBroker.start()) {
            assertThat(kafka.bootstrap()).matches("127\\.0\\.0\\.1:\\d+");
            port = Integer.parseInt(kafka.bootstrap().substring("127.0.0.1:".length()));
            kafka.createTopic(TOPIC, 3);

            Map<String, List<String>> sent = new LinkedHashMap<>();
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                for (int n = 0; n < 100; n++) {
                    String key = "1:" + n % 7;
                    String value = "event-" + n;
                    sent.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, key, value)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
            }

            List<ConsumerRecord<String, String>> records = kafka.consume(TOPIC, 100, Duration.ofSeconds(30));
            assertThat(records).hasSize(100);
            Map<String, List<String>> received = records.stream().collect(Collectors.groupingBy(
                    ConsumerRecord::key, LinkedHashMap::new, Collectors.mapping(ConsumerRecord::value, Collectors.toList())));
            assertThat(received).containsExactlyInAnyOrderEntriesOf(sent);
            // the keys are spread over the partitions: the order per key is more than one log's order
            assertThat(records.stream().map(ConsumerRecord::partition).distinct()).hasSizeGreaterThan(1);

            assertThatThrownBy(() -> kafka.consume(TOPIC, 101, Duration.ofSeconds(2)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("at least 101 records")
                    .hasMessageContaining("100 came");
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }
}
