package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RedisServer;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Roster nodes sharing one store and one Redis: one key's bucket is one for both, and when Redis
 * goes away each node keeps serving on its own buckets, says so, and shares again when Redis returns.
 */
class SharedRateLimitTest {
    private static final AtomicLong IDS = new AtomicLong();
    private static RedisServer redis;
    private static Path dataDir;
    private static Roster first;
    private static Roster second;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        dataDir = Files.createTempDirectory("roster-shared-");
        RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .rootKey(RosterServerExtension.ROOT).redisUrl(redis.url())
                // A low limit, so that what refills while a burst runs is small beside the bucket.
                .rateLimits(dev.roster.limit.RateLimits.DEFAULTS.with(Map.of("BatchGetUser", 10)))
                .build();
        first = Roster.start(config);
        second = Roster.start(config);
    }

    @AfterAll
    static void stop() throws Exception {
        second.close();
        first.close();
        redis.close();
        RosterServerExtension.deleteTree(dataDir);
    }

    private static ApiClient client(Roster node) {
        return new ApiClient(node.url(), new TestSigner(RosterServerExtension.ROOT));
    }

    /** Requests alternately through both nodes as fast as possible; how many were let through, and how long it took. */
    private static long[] burst(int requests) {
        List<ApiClient> nodes = List.of(client(first), client(second));
        long started = System.nanoTime();
        long allowed = 0;
        for (int i = 0; i < requests; i++) {
            ApiResponse r = nodes.get(i % 2).call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[" + IDS.incrementAndGet() + "]}");
            assertThat(r.status()).isIn(200, 429);
            if (r.status() == 200) {
                allowed++;
            }
        }
        return new long[] {allowed, System.nanoTime() - started};
    }

    @Test
    void one_key_has_one_bucket_across_nodes_until_redis_goes_and_again_when_it_returns() throws Exception {
        Thread.sleep(1_100); // a full bucket
        long[] shared = burst(40);
        double seconds = shared[1] / 1e9;
        // One bucket of 10, plus what refilled while the burst ran; two separate buckets would allow 20.
        assertThat(shared[0]).as("allowed in %.2f s", seconds).isBetween(10L, 10L + (long) Math.ceil(10 * seconds) + 1);
        assertThat(readyz(first)).isEqualTo("{\"status\":\"ready\",\"checks\":{\"store\":\"up\",\"redis\":\"up\"}}");

        redis.halt();
        Thread.sleep(1_100);
        long[] alone = burst(40);
        assertThat(alone[0]).as("each node now limits on its own: two buckets of 10")
                .isGreaterThanOrEqualTo(20L);
        assertThat(readyz(first)).isEqualTo("{\"status\":\"unavailable\",\"checks\":{\"store\":\"up\",\"redis\":\"down\"}}");

        redis.resume();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!readyz(first).contains("\"redis\":\"up\"") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(readyz(first)).contains("\"redis\":\"up\"");
        Thread.sleep(1_100);
        burst(2); // the first requests after the return bring each node back to the shared buckets
        Thread.sleep(1_100);
        long[] again = burst(40);
        assertThat(again[0]).as("shared again").isLessThanOrEqualTo(10L + (long) Math.ceil(10 * again[1] / 1e9) + 1);
    }

    private static String readyz(Roster node) {
        return client(node).send("GET", "/readyz", null, Map.of()).json().toString();
    }
}
