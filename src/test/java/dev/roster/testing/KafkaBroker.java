package dev.roster.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.LoggerFactory;

/**
 * A throwaway single-node Kafka broker for tests: Apache Kafka's own server, in KRaft mode (broker and
 * controller in one), in this JVM, on 127.0.0.1 and free ports, with its log directory in a temporary
 * directory that {@link #close()} deletes. For the rest of the run, Kafka's loggers ({@code kafka},
 * {@code org.apache.kafka}, clients included) are set to WARN, and Kafka's exit and halt throw instead
 * of ending the JVM.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final String CONTROLLER = "CONTROLLER";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path base;
    private final int port;
    private KafkaRaftServer server;
    private Admin admin;

    private KafkaBroker(Path base, int port) {
        this.base = base;
        this.port = port;
    }

    /** Formats a new cluster and starts its one node; returns once the broker takes requests. */
    public static KafkaBroker start() {
        quietKafkaLogs();
        // Kafka halts the JVM on a fatal fault: here that would kill the whole test run without a word.
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka tried to exit the JVM (" + status + "): " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka tried to halt the JVM (" + status + "): " + message);
        });
        Path base;
        try {
            base = Files.createTempDirectory("roster-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = ExternalProcess.freePort();
        int controllerPort;
        do {
            controllerPort = ExternalProcess.freePort();
        } while (controllerPort == port);
        KafkaBroker broker = new KafkaBroker(base, port);
        try {
            broker.run(controllerPort);
            return broker;
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    private void run(int controllerPort) {
        String data = base.resolve("data").toString();
        Properties config = new Properties();
        config.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER + "://127.0.0.1:" + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"),
                Map.entry("controller.listener.names", CONTROLLER),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", data),
                // one node: every internal topic has one replica, and one partition is plenty
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("transaction.state.log.num.partitions", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                // sized for two cores and a few test topics rather than for a production machine
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("background.threads", "2"),
                Map.entry("num.recovery.threads.per.data.dir", "1"),
                Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 << 20))));
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(1)
                    .setDirectories(List.of(data))
                    .setMetadataLogDirectory(data)
                    .setControllerListenerName(CONTROLLER)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory " + data + ": " + e, e);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the Kafka broker on " + bootstrap() + " did not start: " + notYet, notYet);
                }
            }
            pause();
        }
    }

    /** "127.0.0.1:PORT", the broker's one listener (plaintext). */
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic with one replica per partition; returns once every partition has its leader. */
    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                TopicDescription topic = admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
                if (topic.partitions().size() == partitions && topic.partitions().stream().allMatch(p -> p.leader() != null)) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("topic " + name + " has no leader for every partition: " + topic);
                }
                pause();
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads {@code topic} from the beginning, in a consumer group of its own, until at least {@code atLeast}
     * records came (all that came by then are returned, in each partition's order); fails with an
     * {@link AssertionError} that says how many came if fewer did within {@code timeout}.
     */
    public List<ConsumerRecord<String, String>> consume(String topic, int atLeast, Duration timeout) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "roster-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected at least " + atLeast + " records in topic " + topic + " within "
                            + timeout.toMillis() + " ms, but " + records.size() + " came");
                }
                consumer.poll(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)))).forEach(records::add);
            }
        }
        return records;
    }

    /** Stops the broker and the controller, then deletes the log directory. */
    @Override
    public void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }

    private static void quietKafkaLogs() {
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            ((Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
