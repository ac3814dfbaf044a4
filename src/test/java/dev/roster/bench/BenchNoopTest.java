package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.auth.Credentials;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimits;
import dev.roster.store.StoreException;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.FaultyUserStore;
import dev.roster.testing.MemoryKeyStore;
import dev.roster.testing.MemoryUserStore;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import io.github.bucket4j.TimeMeter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code serve --bench-noop}: BenchNoop under Roster's own version, on the path of a real Action, store untouched. */
class BenchNoopTest {
    private static final String NOOP = "/?Action=BenchNoop&Version=2026-11-01";
    private static final String BODY = "{\"AppId\":1,\"Users\":[{\"UserId\":1,\"NickName\":\"n\"}]}";

    private static ApiResponse call(ApiClient client, String pathAndQuery, String body) {
        return client.sendSigned("POST", pathAndQuery, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    @Nested
    class WithTheFlag {
        private static FaultyUserStore store;
        private static MemoryKeyStore keys;
        private static RosterConfig config;
        private static Roster roster;
        private static ApiClient client;

        @BeforeAll
        static void start() throws Exception {
            store = new FaultyUserStore(new MemoryUserStore());
            RateLimits limits = RateLimits.DEFAULTS.with(Map.of("BenchNoop", 3));
            keys = new MemoryKeyStore();
            config = RosterConfig.builder().host("127.0.0.1").port(0).benchNoop(true)
                    .rootKey(RosterServerExtension.ROOT).rateLimits(limits).build();
            roster = Roster.start(config, new Roster.Backend(store, keys), Clock.systemUTC(),
                    new LocalRateLimiter(limits, TimeMeter.SYSTEM_NANOTIME));
            client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
        }

        @AfterAll
        static void stop() throws Exception {
            roster.close();
        }

        @Test
        void bench_noop_answers_an_empty_result_in_the_envelope_without_touching_the_store() {
            store.failWith(() -> new StoreException("the store must not be called", true, null));
            try {
                ApiResponse r = call(client, NOOP, BODY);
                assertThat(r.status()).as("%s", r).isEqualTo(200);
                assertThat(r.metadata().get("Action").asText()).isEqualTo("BenchNoop");
                assertThat(r.metadata().get("Version").asText()).isEqualTo("2026-11-01");
                assertThat(r.result()).hasToString("{}");
                assertThat(call(client, "/?Action=BatchGetUser&Version=2020-12-01", "{\"AppId\":1,\"UserIds\":[1]}")
                        .status()).as("a real Action reaches the failing store").isEqualTo(503);
            } finally {
                store.failWith(null);
            }
        }

        @Test
        void bench_noop_checks_the_signature_the_json_and_the_app_id_like_a_real_action() {
            ApiClient wrongSecret = client.signingWith(new TestSigner(new Credentials(
                    RosterServerExtension.ROOT.accessKeyId(), "not-the-root-secret")));
            assertThat(call(wrongSecret, NOOP, BODY).errorCode()).isEqualTo("SignatureDoesNotMatch");
            assertThat(call(client, NOOP, "[1]").errorCode()).isEqualTo("JsonParsingError");
            assertThat(call(client, NOOP, "{\"AppId\":\"one\"}").errorCode()).isEqualTo("InvalidParam");
        }

        @Test
        void bench_noop_is_unknown_under_volcengines_version() {
            ApiResponse r = call(client, "/?Action=BenchNoop&Version=2020-12-01", BODY);
            assertThat(r.errorCode()).isEqualTo("InvalidActionOrVersion");
            assertThat(call(client, "/?Action=BatchGetUser&Version=2026-11-01", "{\"AppId\":1,\"UserIds\":[1]}")
                    .errorCode()).as("Volcengine's Actions stay under 2020-12-01").isEqualTo("InvalidActionOrVersion");
        }

        @Test
        void bench_noop_has_a_rate_limit_of_its_own_per_key() {
            Credentials key = Roster.keyRing(config, keys, Clock.systemUTC()).create(null);
            ApiClient other = client.signingWith(new TestSigner(key));
            long throttled = 0;
            for (int i = 0; i < 8; i++) {
                if ("FlowLimitExceeded".equals(call(other, NOOP, BODY).errorCode())) {
                    throttled++;
                }
            }
            assertThat(throttled).as("8 calls against a bucket of 3 per second").isGreaterThanOrEqualTo(4);
        }
    }

    @Nested
    class WithoutTheFlag {
        @RegisterExtension
        static final RosterServerExtension SERVER = new RosterServerExtension();

        @Test
        void bench_noop_is_an_unknown_action_under_either_version() {
            ApiResponse r = call(SERVER.client(), NOOP, BODY);
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("InvalidActionOrVersion");
            assertThat(r.errorMessage()).isEqualTo("Could not find operation BenchNoop for version 2026-11-01");
            assertThat(call(SERVER.client(), "/?Action=BenchNoop&Version=2020-12-01", BODY).errorCode())
                    .isEqualTo("InvalidActionOrVersion");
        }

        @Test
        void a_rate_limit_for_bench_noop_needs_the_flag() {
            RosterConfig.Builder builder = RosterConfig.builder()
                    .rateLimits(RateLimits.DEFAULTS.with(Map.of("BenchNoop", 0)));
            assertThatThrownBy(builder::build)
                    .hasMessageContaining("unknown Action 'BenchNoop'");
            assertThat(builder.benchNoop(true).build().rateLimits().perSecond("BenchNoop")).isZero();
        }
    }
}
