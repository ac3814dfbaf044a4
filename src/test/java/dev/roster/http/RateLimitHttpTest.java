package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import dev.roster.cli.KeysCommandTestSupport;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.ManualTime;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-key, per-Action token buckets over real HTTP, on a bucket clock the test moves by hand so that
 * every count is exact: nothing refills while a burst runs unless the test says so.
 */
@Tag("behaviour")
class RateLimitHttpTest {
    private static final AtomicLong USER_IDS = new AtomicLong();

    private static final ManualTime TIME = new ManualTime();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(
            config -> config.rateLimits(RateLimits.DEFAULTS.with(Map.of("UnRegisterUsers", 0))), TIME);

    private static ApiClient root;
    private static ApiClient other;

    @BeforeAll
    static void clients() {
        root = SERVER.client();
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--all-apps");
        other = root.signingWith(new TestSigner(new Credentials(key[0], key[1])));
    }

    private static String register(long userId) {
        return "{\"AppId\":1,\"Users\":[{\"UserId\":" + userId + "}]}";
    }

    private static long header(ApiResponse r, String name) {
        return Long.parseLong(r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name)));
    }

    @Test
    void a_burst_gets_exactly_one_bucket_through_and_the_rest_is_throttled_and_does_nothing() throws Exception {
        TIME.advance(Duration.ofSeconds(10)); // every bucket full
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(USER_IDS.incrementAndGet());
        }
        List<ApiResponse> answers;
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<CompletableFuture<ApiResponse>> calls = ids.stream()
                    .map(id -> CompletableFuture.supplyAsync(() -> root.call("RegisterUsers", register(id)), pool))
                    .toList();
            answers = calls.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdown();
        }

        List<ApiResponse> passed = answers.stream().filter(r -> r.status() == 200).toList();
        List<ApiResponse> throttled = answers.stream().filter(r -> r.status() == 429).toList();
        assertThat(passed).hasSize(50);
        assertThat(throttled).hasSize(50);
        assertThat(passed.stream().map(r -> header(r, "X-RateLimit-Remaining")).collect(Collectors.toSet()))
                .as("each allowed request took its own token").hasSize(50);
        for (ApiResponse r : throttled) {
            assertThat(r.errorCode()).isEqualTo("FlowLimitExceeded");
            assertThat(r.metadata().get("Error").get("CodeN").asInt()).isEqualTo(100018);
            assertThat(header(r, "Retry-After")).isEqualTo(1);
            assertThat(header(r, "X-RateLimit-Limit")).isEqualTo(50);
            assertThat(header(r, "X-RateLimit-Remaining")).isZero();
            assertThat(header(r, "X-RateLimit-Reset")).isEqualTo(1);
        }

        // Throttled writes did nothing: exactly the users of the allowed requests exist.
        ApiResponse stored = root.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":["
                + ids.stream().limit(50).map(String::valueOf).collect(Collectors.joining(",")) + "]}");
        ApiResponse rest = root.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":["
                + ids.stream().skip(50).map(String::valueOf).collect(Collectors.joining(",")) + "]}");
        assertThat(stored.result().get("Users").size() + rest.result().get("Users").size()).isEqualTo(50);

        // Another key is not affected at the same moment.
        ApiResponse otherKey = other.call("RegisterUsers", register(USER_IDS.incrementAndGet()));
        assertThat(otherKey.status()).isEqualTo(200);
        assertThat(header(otherKey, "X-RateLimit-Remaining")).isEqualTo(49);

        // Nor is another Action of the same key.
        assertThat(root.call("BatchUpdateUser", "{\"AppId\":1,\"Users\":[{\"UserId\":1}]}").status()).isEqualTo(200);

        // A second later the bucket is full again.
        TIME.advance(Duration.ofSeconds(1));
        ApiResponse again = root.call("RegisterUsers", register(USER_IDS.incrementAndGet()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(header(again, "X-RateLimit-Remaining")).isEqualTo(49);
    }

    @Test
    void tokens_refill_at_the_limit_per_second() {
        TIME.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 50; i++) {
            assertThat(root.call("BatchUpdateUserTags", "{\"AppId\":1,\"UserIds\":[1],\"Tags\":[]}").status()).isEqualTo(200);
        }
        assertThat(root.call("BatchUpdateUserTags", "{\"AppId\":1,\"UserIds\":[1],\"Tags\":[]}").status()).isEqualTo(429);
        TIME.advance(Duration.ofMillis(100)); // 50 per second: 5 tokens
        long allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (root.call("BatchUpdateUserTags", "{\"AppId\":1,\"UserIds\":[1],\"Tags\":[]}").status() == 200) {
                allowed++;
            }
        }
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void batch_get_user_allows_one_hundred_per_second() {
        TIME.advance(Duration.ofSeconds(10));
        ApiResponse first = root.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
        assertThat(header(first, "X-RateLimit-Limit")).isEqualTo(100);
        assertThat(header(first, "X-RateLimit-Remaining")).isEqualTo(99);
    }

    @Test
    void every_answer_after_authentication_reports_the_bucket_even_an_error() {
        TIME.advance(Duration.ofSeconds(10));
        ApiResponse invalid = root.call("BatchUpdateUser", "{\"AppId\":0,\"Users\":[]}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(header(invalid, "X-RateLimit-Limit")).isEqualTo(50);
        assertThat(invalid.headers().firstValue("X-RateLimit-Reset")).isPresent();
        ApiResponse unsigned = root.send("POST", "/?Action=BatchUpdateUser&Version=2020-12-01", new byte[0], Map.of());
        assertThat(unsigned.headers().firstValue("X-RateLimit-Limit")).as("not authenticated, no bucket").isEmpty();
    }

    @Test
    void a_limit_of_zero_turns_the_action_off() {
        for (int i = 0; i < 120; i++) {
            ApiResponse r = root.call("UnRegisterUsers", "{\"AppId\":1,\"UserIds\":[999999]}");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().firstValue("X-RateLimit-Limit")).isEmpty();
        }
    }
}
