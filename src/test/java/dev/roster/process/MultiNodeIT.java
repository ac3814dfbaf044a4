package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.PostgresServer;
import dev.roster.testing.RedisServer;
import dev.roster.testing.RosterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three packaged Roster nodes on loopback ports sharing one PostgreSQL and one Redis: any node answers
 * any request with the same result as one node would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodeIT {
    /** Only UnRegisterUsers keeps its limit (50/s); the other Actions are unlimited so that load tests measure the store. */
    private static final String RATE_LIMITS = "RegisterUsers=0,BatchUpdateUser=0,BatchUpdateUserTags=0,BatchGetUser=0";

    private static PostgresServer postgres;
    private static RedisServer redis;
    private static Path dataDir;
    private static final List<RosterProcess> NODES = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        postgres = PostgresServer.start();
        redis = RedisServer.start();
        dataDir = Files.createTempDirectory("roster-cluster-");
        Map<String, String> env = Map.of(
                "ROSTER_DATABASE_URL", postgres.newDatabase(),
                "ROSTER_DATABASE_USER", PostgresServer.USER,
                "ROSTER_REDIS_URL", redis.url(),
                "ROSTER_RATE_LIMITS", RATE_LIMITS);
        for (int i = 0; i < 3; i++) {
            NODES.add(RosterProcess.start(dataDir, env));
        }
        for (RosterProcess node : NODES) { // warm up every node's code paths before anything is measured
            for (int i = 0; i < 20; i++) {
                node.client().call("BatchGetUser", "{\"AppId\":999,\"UserIds\":[1]}");
            }
        }
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (RosterProcess node : NODES) {
            node.close();
        }
        redis.close();
        postgres.close();
        dev.roster.testing.RosterServerExtension.deleteTree(dataDir);
    }

    private static ApiClient node(int i) {
        return NODES.get(i).client();
    }

    @Test
    @Order(1)
    void a_write_through_one_node_is_read_back_through_the_others_at_once() {
        for (int round = 0; round < 20; round++) {
            long userId = 1000 + round;
            ApiResponse written = node(round % 3).call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":" + userId
                    + ",\"NickName\":\"round " + round + "\"}]}");
            assertThat(written.status()).isEqualTo(200);
            for (int reader = 1; reader <= 2; reader++) {
                JsonNode users = node((round + reader) % 3).call("BatchGetUser",
                        "{\"AppId\":1,\"UserIds\":[" + userId + "]}").result().get("Users");
                assertThat(users).hasSize(1);
                assertThat(users.get(0).get("NickName").asText()).isEqualTo("round " + round);
            }
        }
    }

    @Test
    @Order(2)
    void three_hundred_requests_at_once_over_three_nodes_get_one_bucket_through() throws Exception {
        Thread.sleep(1_100); // the key's UnRegisterUsers bucket is full
        ExecutorService pool = Executors.newFixedThreadPool(60);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ApiClient client = node(i % 3);
            long userId = 500_000 + i;
            calls.add(pool.submit(() -> {
                go.await();
                return client.call("UnRegisterUsers", "{\"AppId\":2,\"UserIds\":[" + userId + "]}").status();
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        for (Future<Integer> call : calls) {
            byStatus.merge(call.get(60, TimeUnit.SECONDS), 1L, Long::sum);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long allowed = byStatus.getOrDefault(200, 0L);
        long refilled = (long) Math.ceil(50 * seconds);
        System.out.printf("300 requests over 3 nodes in %.2f s: %d allowed (bucket 50 + %d refilled), %s%n",
                seconds, allowed, refilled, byStatus);
        assertThat(byStatus.keySet()).containsOnly(200, 429);
        // One shared bucket: 50 plus the refill of the burst's duration. Three per-node buckets would let
        // through up to three times that (150 plus three refills).
        assertThat(allowed).isGreaterThanOrEqualTo(50).isLessThanOrEqualTo(50 + refilled + 1);
    }

    @Test
    @Order(3)
    void concurrent_updates_of_the_same_users_through_different_nodes_lose_nothing() throws Exception {
        node(0).call("RegisterUsers", "{\"AppId\":3,\"Users\":[{\"UserId\":1},{\"UserId\":2}]}");
        ExecutorService pool = Executors.newFixedThreadPool(18);
        List<Callable<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            ApiClient client = node(i % 3);
            int n = i;
            writes.add(() -> client.call("BatchUpdateUser", "{\"AppId\":3,\"Users\":[{\"UserId\":1,\"Ext\":{\"k" + n
                    + "\":\"v" + n + "\"}},{\"UserId\":2,\"Ext\":{\"k" + n + "\":\"v" + n + "\"}}]}").status());
        }
        for (int i = 0; i < 60; i++) {
            ApiClient client = node(i % 3);
            int n = i;
            writes.add(() -> client.call("BatchUpdateUserTags",
                    "{\"AppId\":3,\"UserIds\":[2,1],\"Tags\":[\"t" + n + "\"]}").status());
        }
        for (Future<Integer> write : pool.invokeAll(writes)) {
            assertThat(write.get()).isEqualTo(200);
        }
        pool.shutdown();
        JsonNode users = node(2).call("BatchGetUser", "{\"AppId\":3,\"UserIds\":[1,2]}").result().get("Users");
        for (JsonNode user : users) {
            assertThat(user.get("Ext").size()).as("Ext keys of user %s", user.get("UserId")).isEqualTo(18);
            Set<String> tags = new java.util.HashSet<>();
            user.get("Tags").forEach(t -> tags.add(t.asText()));
            assertThat(tags).as("tags of user %s", user.get("UserId"))
                    .isEqualTo(IntStream.range(0, 60).mapToObj(i -> "t" + i).collect(Collectors.toSet()));
        }
    }

    @Test
    @Order(4)
    void killing_a_node_under_load_loses_no_acknowledged_write_and_the_others_keep_answering() throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong nextId = new AtomicLong(1_000_000);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong answeredAfterKill = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            ApiClient client = node(w % 3);
            writers.add(pool.submit(() -> {
                while (running.get()) {
                    long id = nextId.incrementAndGet();
                    try {
                        ApiResponse r = client.call("RegisterUsers", "{\"AppId\":4,\"Users\":[{\"UserId\":" + id + "}]}");
                        if (r.status() == 200 && r.failedInfos() == null) {
                            acknowledged.add(id);
                            if (killed.get()) {
                                answeredAfterKill.incrementAndGet();
                            }
                        }
                    } catch (RuntimeException nodeGone) {
                        Thread.sleep(50);
                    }
                }
                return null;
            }));
        }
        while (acknowledged.size() < 200) {
            Thread.sleep(10);
        }
        NODES.get(1).kill();
        killed.set(true);
        Thread.sleep(1_500);
        running.set(false);
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Long> ids = new ArrayList<>(acknowledged);
        List<Long> missing = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 50) {
            String batch = ids.subList(from, Math.min(from + 50, ids.size())).stream().map(String::valueOf)
                    .collect(Collectors.joining(","));
            node(0).call("BatchGetUser", "{\"AppId\":4,\"UserIds\":[" + batch + "]}").result().get("NotFoundUsers")
                    .forEach(id -> missing.add(id.asLong()));
        }
        System.out.printf("node killed under load: %d writes acknowledged, %d after the kill, %d lost%n",
                ids.size(), answeredAfterKill.get(), missing.size());
        assertThat(missing).as("acknowledged but lost").isEmpty();
        assertThat(answeredAfterKill.get()).as("the other nodes kept answering").isPositive();
        assertThat(node(2).send("GET", "/readyz", null, Map.of()).status()).isEqualTo(200);
    }
}
