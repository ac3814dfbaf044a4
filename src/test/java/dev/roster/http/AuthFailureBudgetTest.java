package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ManualTime;
import dev.roster.testing.MemoryKeyStore;
import dev.roster.testing.MemoryUserStore;
import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guessing costs the guesser: more than 20 failed authentications a second from one client address get
 * 429 without a key lookup, while other addresses are served; behind a trusted proxy the forwarded
 * address is the one that pays. The budget's clock is moved by hand.
 */
class AuthFailureBudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/?Action=BatchGetUser&Version=2020-12-01";
    private static final byte[] BODY = "{\"AppId\":1,\"UserIds\":[1]}".getBytes(StandardCharsets.UTF_8);

    private static final ManualTime TIME = new ManualTime();
    private static final MemoryKeyStore KEYS = new MemoryKeyStore();
    private static Path dataDir;
    private static Roster roster;
    private static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("roster-budget-");
        RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .rootKey(RosterServerExtension.ROOT).trustedProxies(List.of("127.0.0.5/32")).build();
        roster = Roster.start(config, new Roster.Backend(new MemoryUserStore(), KEYS), Clock.systemUTC(),
                new LocalRateLimiter(RateLimits.DEFAULTS, TIME), TIME);
        client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
    }

    @AfterAll
    static void stop() throws Exception {
        roster.close();
        RosterServerExtension.deleteTree(dataDir);
    }

    /** A request from {@code from}, signed with the root key but for another body: SignatureDoesNotMatch. */
    private static String badSignature(InetAddress from, String... extraHeaders) throws Exception {
        return exchange(from, client.signer().rawHeaders("POST", client.base().resolve(API), new byte[0]), extraHeaders);
    }

    /** A request from {@code from} naming an access key that does not exist. */
    private static String unknownKey(InetAddress from, String keyId) throws Exception {
        String real = client.signer().rawHeaders("POST", client.base().resolve(API), BODY);
        return exchange(from, real.replace(RosterServerExtension.ROOT.accessKeyId(), keyId));
    }

    private static String good(InetAddress from, String... extraHeaders) throws Exception {
        return exchange(from, client.signer().rawHeaders("POST", client.base().resolve(API), BODY), extraHeaders);
    }

    /** Status and error code (or "-") of one request sent on its own connection. */
    private static String exchange(InetAddress from, String signing, String... extraHeaders) throws Exception {
        URI base = client.base();
        StringBuilder head = new StringBuilder("POST " + API + " HTTP/1.1\r\nHost: " + base.getHost() + ":"
                + base.getPort() + "\r\n" + signing + "\r\nContent-Length: " + BODY.length);
        for (String header : extraHeaders) {
            head.append("\r\n").append(header);
        }
        RawHttp.Answer answer = RawHttp.exchange(base, from, head.toString(), new ByteArrayInputStream(BODY));
        var error = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error");
        String outcome = answer.status() + " " + (error == null ? "-" : error.get("Code").asText());
        if (answer.status() == 429) {
            assertThat(answer.head()).containsIgnoringCase("Retry-After: 1");
        }
        return outcome;
    }

    private static Map<String, Integer> tally(List<String> outcomes) {
        Map<String, Integer> counts = new TreeMap<>();
        outcomes.forEach(o -> counts.merge(o, 1, Integer::sum));
        return counts;
    }

    @Test
    void a_burst_of_bad_signatures_from_one_address_gets_429_while_another_address_is_served() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        InetAddress honest = InetAddress.getByName("127.0.0.1");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            outcomes.add(badSignature(guesser));
        }
        assertThat(tally(outcomes)).containsExactly(Map.entry("401 SignatureDoesNotMatch", 20),
                Map.entry("429 FlowLimitExceeded", 10));
        assertThat(good(honest)).isEqualTo("200 -");
        assertThat(good(guesser)).as("the address itself is held back, good requests too").isEqualTo("429 FlowLimitExceeded");

        TIME.advance(Duration.ofSeconds(1));
        assertThat(good(guesser)).as("a second later the budget is back").isEqualTo("200 -");
    }

    @Test
    void once_the_budget_is_spent_probing_key_ids_costs_no_store_lookup() throws Exception {
        InetAddress prober = InetAddress.getByName("127.0.0.3");
        for (int i = 0; i < 20; i++) {
            assertThat(unknownKey(prober, "AKLTprobe" + i)).isEqualTo("401 InvalidAccessKey");
        }
        int lookups = KEYS.finds();
        for (int i = 20; i < 60; i++) {
            assertThat(unknownKey(prober, "AKLTprobe" + i)).isEqualTo("429 FlowLimitExceeded");
        }
        assertThat(KEYS.finds()).as("no lookup for a refused address").isEqualTo(lookups);
        TIME.advance(Duration.ofSeconds(1));
    }

    @Test
    void behind_a_trusted_proxy_the_forwarded_address_pays_and_others_behind_it_are_served() throws Exception {
        InetAddress proxy = InetAddress.getByName("127.0.0.5");
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            outcomes.add(badSignature(proxy, "X-Forwarded-For: 198.51.100.7"));
        }
        assertThat(tally(outcomes)).containsEntry("429 FlowLimitExceeded", 5);
        assertThat(good(proxy, "X-Forwarded-For: 198.51.100.8")).isEqualTo("200 -");
        assertThat(good(proxy, "X-Forwarded-For: 198.51.100.7")).isEqualTo("429 FlowLimitExceeded");

        InetAddress untrusted = InetAddress.getByName("127.0.0.6");
        assertThat(good(untrusted, "X-Forwarded-For: 198.51.100.7"))
                .as("only a trusted proxy is believed").isEqualTo("200 -");
        TIME.advance(Duration.ofSeconds(1));
    }
}
