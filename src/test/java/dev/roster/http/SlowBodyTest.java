package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bodies that never earn a thread: clients that declare a large body and send it a byte at a time are
 * refused from their head when they have no key, and cut with 408 when they name a known key but
 * cannot sign, while everyone else is served; memory grows with bytes received, not bytes declared.
 */
class SlowBodyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/?Action=BatchGetUser&Version=2020-12-01";
    private static final int ATTACKERS = 300;
    private static final int ATTACKER_ADDRESSES = 10;
    private static final long DECLARED = 1024 * 1024;

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config
            .http(HttpLimits.DEFAULTS.withBodyTimeout(Duration.ofSeconds(3)))
            .authFailureLimit(0));

    private static String signedHead(byte[] body) {
        return SERVER.client().signer().rawHeaders("POST", SERVER.client().base().resolve(API), body);
    }

    /** A head that passes every check made before the body, with a signature that cannot be right. */
    private static String knownKeyWithoutSecret() {
        String real = signedHead(new byte[0]);
        return real.replaceAll("Signature=[0-9a-f]+", "Signature=" + "0".repeat(64));
    }

    @Test
    void three_hundred_slow_bodies_hold_no_thread_and_no_memory_and_others_are_served_within_a_second() throws Exception {
        URI base = SERVER.client().base();
        for (int i = 0; i < 20; i++) { // warm up the path the measurements use
            SERVER.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
        }
        long heapBefore = usedHeapAfterGc();
        List<Socket> attackers = new ArrayList<>();
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        List<Long> cutAfterMillis = Collections.synchronizedList(new ArrayList<>());
        ExecutorService readers = Executors.newFixedThreadPool(32);
        List<Future<?>> reads = new ArrayList<>();
        try {
            for (int i = 0; i < ATTACKERS; i++) {
                InetAddress from = InetAddress.getByName("127.0.0." + (10 + i % ATTACKER_ADDRESSES));
                Socket socket = RawHttp.open(base, from);
                long opened = System.nanoTime();
                attackers.add(socket);
                boolean withKey = i % 2 == 1;
                String head = "POST " + API + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + (withKey ? knownKeyWithoutSecret() + "\r\n" : "") + "Content-Length: " + DECLARED + "\r\n\r\n{";
                socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                socket.getOutputStream().flush();
                reads.add(readers.submit(() -> {
                    String outcome = outcome(socket);
                    outcomes.merge((withKey ? "known key: " : "no key: ") + outcome, 1, Integer::sum);
                    if (withKey) {
                        cutAfterMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - opened));
                    }
                    return null;
                }));
            }
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickle = new Thread(() -> {
                while (trickling.get()) {
                    for (Socket socket : attackers) {
                        try {
                            socket.getOutputStream().write(' ');
                        } catch (IOException closed) {
                            // cut off: what the test expects
                        }
                    }
                    sleep(700);
                }
            });
            trickle.start();

            List<Long> apiMillis = new ArrayList<>();
            List<Long> healthMillis = new ArrayList<>();
            long heapDuring = 0;
            HttpClient plain = HttpClient.newHttpClient();
            for (int i = 0; i < 15; i++) {
                long t0 = System.nanoTime();
                ApiResponse r = SERVER.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
                apiMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
                assertThat(r.status()).isEqualTo(200);
                long t1 = System.nanoTime();
                HttpResponse<String> health = plain.send(HttpRequest.newBuilder(base.resolve("/healthz"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                healthMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1));
                assertThat(health.statusCode()).isEqualTo(200);
                if (i == 3) {
                    heapDuring = usedHeapAfterGc();
                }
                sleep(150);
            }
            for (Future<?> read : reads) {
                read.get(20, TimeUnit.SECONDS);
            }
            trickling.set(false);
            trickle.join();

            long heapGrowthMiB = Math.max(0, heapDuring - heapBefore) / (1024 * 1024);
            Collections.sort(cutAfterMillis);
            System.out.printf("slow bodies: %d connections from %d addresses (half without a key, half with a"
                            + " known key id but no secret), declared %d bytes each; signed BatchGetUser max %d ms,"
                            + " /healthz max %d ms; heap +%d MiB during the attack; known-key bodies cut after"
                            + " median %d ms; outcomes %s%n", ATTACKERS, ATTACKER_ADDRESSES, DECLARED,
                    Collections.max(apiMillis), Collections.max(healthMillis), heapGrowthMiB,
                    cutAfterMillis.get(cutAfterMillis.size() / 2), new TreeMap<>(outcomes));
            assertThat(Collections.max(apiMillis)).as("signed requests during the attack").isLessThan(1000);
            assertThat(Collections.max(healthMillis)).as("/healthz during the attack").isLessThan(1000);
            assertThat(heapGrowthMiB).as("memory follows bytes received, not bytes declared").isLessThan(48);
            assertThat(outcomes).containsOnlyKeys("no key: 401 MissingAuthenticationToken",
                    "known key: 408 RequestTimeout");
            assertThat(cutAfterMillis.get(cutAfterMillis.size() / 2)).as("cut by the rate check, before the deadline")
                    .isLessThan(3_000);
            assertThat(cutAfterMillis.get(cutAfterMillis.size() - 1)).as("none outlives the body timeout")
                    .isLessThan(4_500);
        } finally {
            readers.shutdownNow();
            for (Socket socket : attackers) {
                socket.close();
            }
        }
    }

    @Test
    void a_body_slower_than_the_minimum_rate_gets_408_and_its_connection_is_closed() throws Exception {
        byte[] body = ("{\"AppId\":1,\"UserIds\":[1]" + " ".repeat(4000) + "}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = RawHttp.open(SERVER.client().base(), null)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + API + " HTTP/1.1\r\nHost: x\r\n" + signedHead(body) + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 100);
            out.flush();
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.head()).containsIgnoringCase("Connection: close");
            JsonNode error = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error");
            assertThat(error.get("Code").asText()).isEqualTo("RequestTimeout");
            assertThat(error.get("CodeN").asInt()).isEqualTo(200005);
            assertThat(error.get("Message").asText())
                    .isEqualTo("The request body arrived slower than 1024 bytes per second");
            assertThat(socket.getInputStream().read()).as("closed after the answer").isEqualTo(-1);
        }
    }

    @Test
    void a_body_not_whole_within_the_body_timeout_gets_408_even_at_a_fair_rate() throws Exception {
        byte[] body = ("{\"AppId\":1,\"UserIds\":[1]" + " ".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = RawHttp.open(SERVER.client().base(), null)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + API + " HTTP/1.1\r\nHost: x\r\n" + signedHead(body) + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            long started = System.nanoTime();
            Thread sender = new Thread(() -> {
                try {
                    for (int sent = 0; sent < body.length; sent += 1000) { // 4 KB/s: above the rate, too slow overall
                        out.write(body, sent, Math.min(1000, body.length - sent));
                        out.flush();
                        sleep(250);
                    }
                } catch (IOException closed) {
                    // cut off at the deadline
                }
            });
            sender.start();
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            sender.join();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.body()).contains("The request body did not arrive within 3 s");
            assertThat(took).isBetween(2_500L, 6_000L);
        }
    }

    @Test
    void a_body_that_arrives_in_pieces_at_a_fair_rate_is_read_whole_and_answered() throws Exception {
        byte[] body = ("{\"AppId\":1,\"UserIds\":[1,2,3]" + " ".repeat(3000) + "}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = RawHttp.open(SERVER.client().base(), null)) {
            OutputStream out = socket.getOutputStream();
            URI base = SERVER.client().base();
            out.write(("POST " + API + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + signedHead(body) + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int part = 0; part < 3; part++) {
                int from = part * body.length / 3;
                int to = (part + 1) * body.length / 3;
                out.write(body, from, to - from);
                out.flush();
                sleep(300);
            }
            RawHttp.Answer answer = RawHttp.read(socket.getInputStream());
            assertThat(answer.status()).isEqualTo(200);
            assertThat(JSON.readTree(answer.body()).get("Result").get("NotFoundUsers")).hasToString("[1,2,3]");
        }
    }

    private static String outcome(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            RawHttp.Answer answer = RawHttp.read(in);
            String code = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error").get("Code").asText();
            return answer.status() + " " + code;
        } catch (IOException e) {
            return "closed without an answer";
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        sleep(100);
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
