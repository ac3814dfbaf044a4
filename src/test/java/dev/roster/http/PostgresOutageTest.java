package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.PostgresServer;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** PostgreSQL stopped under load: 503 ServiceUnavailableTemp and never a 500; started again: served, no restart. */
class PostgresOutageTest {

    @Test
    void requests_get_service_unavailable_while_postgresql_is_down_and_succeed_when_it_returns() throws Exception {
        try (PostgresServer postgres = PostgresServer.start()) {
            RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0)
                    .databaseUrl(postgres.newDatabase()).databaseUser(PostgresServer.USER)
                    .rootKey(RosterServerExtension.ROOT)
                    .rateLimits(new RateLimits(0, Map.of())) // the load here is not about rate limits
                    .build();
            try (Roster roster = Roster.start(config)) {
                ApiClient client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
                Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
                Map<String, AtomicLong> codes = new ConcurrentHashMap<>();
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong ids = new AtomicLong();
                ExecutorService load = Executors.newFixedThreadPool(4);
                List<Future<?>> workers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    workers.add(load.submit(() -> {
                        while (running.get()) {
                            long id = ids.incrementAndGet();
                            ApiResponse r = id % 2 == 0
                                    ? client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":" + id + "}]}")
                                    : client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[" + id + "]}");
                            statuses.computeIfAbsent(r.status(), s -> new AtomicLong()).incrementAndGet();
                            if (r.errorCode() != null) {
                                codes.computeIfAbsent(r.errorCode(), c -> new AtomicLong()).incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                Thread.sleep(500);
                postgres.halt();
                Thread.sleep(4_000);
                ApiResponse down = client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":1}]}");
                assertThat(down.status()).isEqualTo(503);
                assertThat(down.errorCode()).isEqualTo("ServiceUnavailableTemp");
                assertThat(client.send("GET", "/readyz", null, Map.of()).status()).isEqualTo(503);

                postgres.resume();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                ApiResponse back;
                do {
                    Thread.sleep(200);
                    back = client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":2}]}");
                } while (back.status() != 200 && System.nanoTime() < deadline);
                assertThat(back.status()).as("served again without a restart").isEqualTo(200);
                Thread.sleep(500);
                running.set(false);
                for (Future<?> worker : workers) {
                    worker.get(60, TimeUnit.SECONDS);
                }
                load.shutdown();

                System.out.printf("PostgreSQL outage under load: answers by status %s, errors by code %s%n",
                        statuses, codes);
                assertThat(statuses).containsKeys(200, 503).doesNotContainKey(500);
                assertThat(codes.keySet()).containsOnly("ServiceUnavailableTemp");
                assertThat(client.send("GET", "/readyz", null, Map.of()).status()).isEqualTo(200);
            }
        }
    }
}
