package dev.roster.bench;

import com.sun.net.httpserver.HttpServer;
import dev.roster.auth.Credentials;
import dev.roster.events.LowPriority;
import dev.roster.store.SqliteDatabase;
import dev.roster.store.StoredEvent;
import dev.roster.testing.KafkaBroker;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What change events cost: BatchUpdateUser throughput and the server's CPU per request without sinks,
 * then with a webhook and Kafka configured (a local receiver that answers 204, a Kafka broker in this
 * JVM, both at the lowest CPU priority since they stand for other machines), rounds alternating, on
 * fresh SQLite stores; and whether delivery keeps up (the last webhook
 * delivery after the load ended, events delivered per second). A tool that prints figures, not a test:
 *
 * <pre>mvn -q test-compile    # alone: the exec.* properties below would also reach the build's npm step
 * mvn -q exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *     "-Dexec.args=-cp %classpath dev.roster.bench.EventsCostBenchmark [ROUNDS [SECONDS [webhook|kafka|both]]]"</pre>
 */
public final class EventsCostBenchmark {
    private static final Pattern DELIVERED = Pattern.compile(
            "roster_event_deliveries_total\\{outcome=\"delivered\",sink=\"([^\"]+)\"} (\\S+)");

    private EventsCostBenchmark() {}

    record Round(String sinks, double throughput, Double cpuMicros, long events, Map<String, Long> delivered,
            double deliveryPerSecond, double drainSeconds) {}

    /** Exits 1 when a sink did not get every event written (a tool's own check; the figures are only reported). */
    public static void main(String[] args) throws Exception {
        boolean complete = run(args);
        System.exit(complete ? 0 : 1); // exit: the broker's threads would keep the JVM alive
    }

    private static boolean run(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        PrintWriter out = new PrintWriter(System.out, true);
        AtomicLong received = new AtomicLong();
        AtomicLong lastReceived = new AtomicLong();
        AtomicLong firstReceived = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            long now = System.nanoTime();
            firstReceived.compareAndSet(0, now);
            lastReceived.set(now);
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(() -> {
                LowPriority.lowerThisThread(); // it stands for another machine: it must not slow the load generator
                runnable.run();
            }, "receiver");
            thread.setDaemon(true);
            return thread;
        }));
        receiver.start();
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        List<Round> results = new ArrayList<>();
        Round keepUp;
        try (KafkaBroker kafka = lowPriorityBroker(); Scratch scratch = new Scratch(Path.of(System.getProperty("java.io.tmpdir")))) {
            kafka.createTopic("roster.user-events", 3);
            Map<String, String> sinks = new java.util.HashMap<>(Map.of(
                    "ROSTER_WEBHOOK_URLS", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook",
                    "ROSTER_WEBHOOK_SECRET", secret,
                    "ROSTER_KAFKA_BOOTSTRAP", kafka.bootstrap()));
            String only = args.length > 2 ? args[2] : "both"; // webhook, kafka or both
            if (only.equals("webhook")) {
                sinks.remove("ROSTER_KAFKA_BOOTSTRAP");
            } else if (only.equals("kafka")) {
                sinks.remove("ROSTER_WEBHOOK_URLS");
            }
            String profile = System.getenv("ROSTER_BENCH_SINKS_JAVA_OPTIONS"); // e.g. a flight recording
            if (profile != null) {
                sinks.put("JAVA_TOOL_OPTIONS", profile);
            }
            for (int round = 1; round <= rounds; round++) {
                for (boolean withSinks : round % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    received.set(0);
                    firstReceived.set(0);
                    results.add(round(withSinks ? sinks : Map.of(), 0, measure, scratch, out, received, lastReceived,
                            firstReceived));
                    out.println(results.get(results.size() - 1));
                }
            }
            // Keeping up: 100 requests/s of 10 changes each, open loop, with both sinks.
            received.set(0);
            firstReceived.set(0);
            keepUp = round(sinks, 100, measure, scratch, out, received, lastReceived, firstReceived);
        } finally {
            receiver.stop(0);
        }
        double without = median(results.stream().filter(r -> r.sinks().isEmpty()).mapToDouble(Round::throughput).toArray());
        double with = median(results.stream().filter(r -> !r.sinks().isEmpty()).mapToDouble(Round::throughput).toArray());
        out.printf("BatchUpdateUser, 10 users per request, 8 connections, %d s per phase, median of %d rounds:%n",
                measure.toSeconds(), rounds);
        out.printf("  no sinks: %.0f req/s; webhook + Kafka: %.0f req/s; ratio %.2f%n", without, with, with / without);
        out.printf("  keeping up at 1,000 changes/s (100 req/s open loop, %d s): %.0f req/s, %d events, delivered %s,"
                + " the last %.2f s after the load ended%n", measure.toSeconds(), keepUp.throughput(), keepUp.events(),
                keepUp.delivered(), keepUp.drainSeconds());
        for (Round r : results) {
            out.printf("  %-16s %7.0f req/s  server CPU %s us/req  events %d  delivered %s  %.0f events/s delivered,"
                    + " last %.1f s after the load%n", r.sinks().isEmpty() ? "no sinks" : "webhook + Kafka",
                    r.throughput(), r.cpuMicros() == null ? "-" : String.format("%.0f", r.cpuMicros()), r.events(),
                    r.delivered(), r.deliveryPerSecond(), r.drainSeconds());
        }
        List<Round> withSinks = new ArrayList<>(results.stream().filter(r -> !r.sinks().isEmpty()).toList());
        withSinks.add(keepUp);
        boolean complete = withSinks.stream().allMatch(r -> r.delivered().size() == 2
                && r.delivered().values().stream().allMatch(n -> n == r.events()));
        if (!complete) {
            out.println("a sink did not get every event: see 'delivered' against 'events' above");
        }
        return complete;
    }

    /** The broker stands for other machines: started on a thread of low priority, whose threads its own inherit. */
    private static KafkaBroker lowPriorityBroker() throws Exception {
        java.util.concurrent.CompletableFuture<KafkaBroker> started = new java.util.concurrent.CompletableFuture<>();
        Thread starter = new Thread(() -> {
            LowPriority.lowerThisThread();
            try {
                started.complete(KafkaBroker.start());
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        }, "broker-starter");
        starter.start();
        return started.get();
    }

    private static Round round(Map<String, String> sinks, int rate, Duration measure, Scratch scratch, PrintWriter out,
            AtomicLong received, AtomicLong lastReceived, AtomicLong firstReceived) throws Exception {
        Credentials root = Credentials.generate();
        Path dir = scratch.newDirectory("roster-events-cost-");
        ServerProcess server = scratch.keep(ServerProcess.start(root, dir, sinks));
        BenchSettings settings = new BenchSettings(server.url(), List.of(BenchKey.everyApp(root)), List.of(1),
                BenchSettings.DEFAULT_REGION, rate, 8, measure, Duration.ofSeconds(3), Mix.only(BenchAction.UPDATE), 10,
                1000, true, server.pid());
        Report report = Bench.run(settings, out);
        long loadEnded = System.nanoTime();
        Map<String, Long> delivered = Map.of();
        double drain = 0;
        double deliveryRate = 0;
        if (!sinks.isEmpty()) {
            long seen = -1;
            if (sinks.containsKey("ROSTER_WEBHOOK_URLS")) {
                while (received.get() != seen) { // until two seconds pass without a delivery
                    seen = received.get();
                    Thread.sleep(2_000);
                }
            } else {
                Thread.sleep(5_000);
            }
            drain = Math.max(0, lastReceived.get() - loadEnded) / 1e9;
            deliveryRate = received.get() / Math.max(1e-9, (lastReceived.get() - firstReceived.get()) / 1e9);
            delivered = deliveredBySink(server.url());
        }
        scratch.closeNow(server);
        long events;
        try (SqliteDatabase database = SqliteDatabase.openToRead(dir, 1)) {
            events = database.eventStore().recent(null, false, 1).stream().mapToLong(StoredEvent::seq).sum();
        }
        return new Round(sinks.isEmpty() ? "" : "webhook+kafka", report.throughput(),
                report.serverCpuMicrosPerRequest(), events, delivered, deliveryRate, drain);
    }

    private static Map<String, Long> deliveredBySink(URI server) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Map<String, Long> delivered = new java.util.TreeMap<>();
        Matcher m = DELIVERED.matcher(metrics);
        while (m.find()) {
            delivered.put(m.group(1).startsWith("kafka") ? "kafka" : "webhook", (long) Double.parseDouble(m.group(2)));
        }
        return delivered;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
