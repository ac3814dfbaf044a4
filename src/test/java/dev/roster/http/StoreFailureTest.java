package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.store.StoreException;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.FaultyUserStore;
import dev.roster.testing.MemoryKeyStore;
import dev.roster.testing.MemoryUserStore;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimits;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A failing store becomes 503 or 500 with the envelope, never internals; a healed store serves again. */
class StoreFailureTest {
    private static final String WRITE = "{\"AppId\":1,\"Users\":[{\"UserId\":1,\"NickName\":\"n\"}]}";

    private static FaultyUserStore store;
    private static Roster roster;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        store = new FaultyUserStore(new MemoryUserStore());
        RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0)
                .rootKey(RosterServerExtension.ROOT).build();
        roster = Roster.start(config, new Roster.Backend(store, new MemoryKeyStore()), Clock.systemUTC(),
                new LocalRateLimiter(RateLimits.DEFAULTS, TimeMeter.SYSTEM_NANOTIME));
        client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
    }

    @AfterAll
    static void stop() throws Exception {
        roster.close();
    }

    @AfterEach
    void heal() {
        store.failWith(null);
    }

    @Test
    void an_unreachable_store_is_service_unavailable_and_recovery_needs_no_restart() {
        store.failWith(() -> new StoreException("connection refused to db.internal:5432", true, null));
        ApiResponse down = client.call("RegisterUsers", WRITE);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.errorCode()).isEqualTo("ServiceUnavailableTemp");
        assertThat(down.metadata().get("Error").get("CodeN").asInt()).isEqualTo(100019);
        assertThat(down.errorMessage()).isEqualTo("The service is temporarily unavailable; retry later")
                .doesNotContain("db.internal");
        assertThat(client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}").status()).isEqualTo(503);

        store.failWith(null);
        assertThat(client.call("RegisterUsers", WRITE).status()).isEqualTo(200);
    }

    @Test
    void readyz_follows_the_store_and_healthz_does_not() {
        ApiResponse ready = client.send("GET", "/readyz", null, java.util.Map.of());
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json()).hasToString("{\"status\":\"ready\",\"checks\":{\"store\":\"up\"}}");

        store.failWith(() -> new StoreException("connection refused", true, null));
        ApiResponse down = client.send("GET", "/readyz", null, java.util.Map.of());
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json()).hasToString("{\"status\":\"unavailable\",\"checks\":{\"store\":\"down\"}}");
        assertThat(client.send("GET", "/healthz", null, java.util.Map.of()).status()).as("alive all the same")
                .isEqualTo(200);
    }

    @Test
    void a_fault_in_roster_is_internal_error_without_a_trace_of_it_on_the_wire() {
        store.failWith(() -> new IllegalStateException("secret detail at com.example.Internal"));
        ApiResponse r = client.call("RegisterUsers", WRITE);
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.errorCode()).isEqualTo("InternalError");
        assertThat(r.errorMessage()).isEqualTo("Internal error");
        assertThat(r.json().toString()).doesNotContain("secret", "Exception", "com.example", "\tat ");
    }

    @Test
    void a_permanent_store_failure_is_internal_error() {
        store.failWith(() -> new StoreException("stored JSON column is corrupt", false, null));
        ApiResponse r = client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.errorMessage()).isEqualTo("Internal error");
    }
}
