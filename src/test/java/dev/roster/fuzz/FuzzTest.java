package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.errors.ApiError;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the five Actions over real HTTP with generated and damaged bodies (jqwik). Every answer must
 * be a well-formed envelope with a documented code and the status of the error table, never a 500,
 * and a user that was refused is never written. Case counts: jqwik.tries.default in
 * junit-platform.properties (10,000 in CI); the totals are printed at the end.
 */
class FuzzTest {
    private static final Set<String> PER_USER_CODES =
            Set.of("UserNotFound", "InvalidParam", "DuplicateUserId", "TagLimitExceeded");
    private static final Map<String, Integer> STATUS_BY_CODE = Arrays.stream(ApiError.values())
            .collect(Collectors.toMap(ApiError::code, ApiError::httpStatus));
    private static final AtomicLong NEXT_USER = new AtomicLong(1_000_000);
    private static final Map<String, AtomicLong> OUTCOMES = new ConcurrentHashMap<>();
    private static final AtomicLong CASES = new AtomicLong();

    private static Path dataDir;
    private static Roster roster;
    private static ApiClient client;

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("roster-fuzz-");
        roster = Roster.start(RosterConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .rootKey(RosterServerExtension.ROOT).rateLimits(new RateLimits(0, Map.of())).build());
        client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
        // A few users that the fuzzed updates may hit.
        client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
    }

    @AfterContainer
    static void stop() throws Exception {
        roster.close();
        RosterServerExtension.deleteTree(dataDir);
        System.out.printf("fuzz: %d cases, no 500, outcomes %s%n", CASES.get(), new TreeMap<>(OUTCOMES));
    }

    /** Built once: jqwik arbitraries are costly to assemble, cheap to draw from. */
    private static final Arbitrary<Case> ANY_CASE = Arbitraries.oneOf(BodyGenerators.ACTIONS.stream()
            .map(action -> BodyGenerators.body(action, Arbitraries.oneOf(Arbitraries.of("1", "2", "3", "4"),
                    BodyGenerators.number(), BodyGenerators.anyValue())).map(body -> new Case(action, body)))
            .toList());

    private static final Arbitrary<Case> REGISTRATIONS = BodyGenerators.object(
                    BodyGenerators.field("AppId", Arbitraries.just("1")),
                    BodyGenerators.field("Users", BodyGenerators.user(
                                    Arbitraries.create(() -> Long.toString(NEXT_USER.incrementAndGet())), true)
                            .list().ofMinSize(1).ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]")))
            .map(json -> new Case("RegisterUsers", json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    @Provide
    Arbitrary<Case> anyCase() {
        return ANY_CASE;
    }

    record Case(String action, byte[] body) {
        @Override
        public String toString() {
            String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
            return action + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    @Property
    void every_answer_is_a_documented_envelope(@ForAll("anyCase") Case c) {
        ApiResponse r = client.sendSigned("POST", "/?Action=" + c.action() + "&Version=2020-12-01", c.body(), Map.of());
        checkEnvelope(c, r);
    }

    /** Fresh users per case, so that "not written" can be checked: refused users must not exist afterwards. */
    @Property(tries = 2000)
    void a_user_refused_by_register_users_is_never_written(@ForAll("registrations") Case c) {
        ApiResponse r = client.sendSigned("POST", "/?Action=RegisterUsers&Version=2020-12-01", c.body(), Map.of());
        checkEnvelope(c, r);
        List<Long> sent = userIdsIn(c.body());
        if (sent.isEmpty()) {
            return;
        }
        Set<Long> refused = r.errorCode() != null ? Set.copyOf(sent) : failedIds(r);
        JsonNode stored = client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":["
                + sent.stream().distinct().limit(50).map(String::valueOf).collect(Collectors.joining(",")) + "]}").result();
        stored.get("Users").forEach(u -> assertThat(refused).as("refused user %s was written: %s", u, c)
                .doesNotContain(u.get("UserId").asLong()));
    }

    @Provide
    Arbitrary<Case> registrations() {
        return REGISTRATIONS;
    }

    private static void checkEnvelope(Case c, ApiResponse r) {
        CASES.incrementAndGet();
        assertThat(r.status()).as("%s -> %s", c, r).isNotEqualTo(500);
        JsonNode meta = r.json().get("ResponseMetadata");
        assertThat(meta).as("%s -> %s", c, r).isNotNull();
        assertThat(meta.get("RequestId").asText()).isNotEmpty();
        assertThat(meta.get("Action").asText()).isEqualTo(c.action());
        assertThat(meta.get("Service").asText()).isEqualTo("rtc");
        JsonNode error = meta.get("Error");
        if (r.status() == 200) {
            assertThat(error).as("%s -> %s", c, r).isNull();
            JsonNode failed = r.json().get("Result").get("FailedInfos");
            if (failed != null) {
                failed.forEach(f -> {
                    assertThat(f.get("UserId").isIntegralNumber()).isTrue();
                    assertThat(PER_USER_CODES).contains(f.get("Code").asText());
                    assertThat(f.get("Message").asText()).isNotEmpty();
                });
            }
            OUTCOMES.computeIfAbsent("200", k -> new AtomicLong()).incrementAndGet();
            return;
        }
        assertThat(r.json().has("Result")).as("%s -> %s", c, r).isFalse();
        String code = error.get("Code").asText();
        assertThat(STATUS_BY_CODE).as("%s -> %s", c, r).containsKey(code);
        assertThat(r.status()).as("%s -> %s", c, r).isEqualTo(STATUS_BY_CODE.get(code));
        assertThat(error.get("CodeN").asInt()).isEqualTo(ApiError.valueOf(toEnumName(code)).codeN());
        assertThat(error.get("Message").asText()).isNotEmpty().doesNotContain("Exception", "\tat ");
        OUTCOMES.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
    }

    private static String toEnumName(String code) {
        return code.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    private static Set<Long> failedIds(ApiResponse r) {
        JsonNode failed = r.json().get("Result").get("FailedInfos");
        Set<Long> ids = new java.util.HashSet<>();
        if (failed != null) {
            failed.forEach(f -> ids.add(f.get("UserId").asLong()));
        }
        return ids;
    }

    /** The fresh user ids this test put in the body (recognisable by their range). */
    private static List<Long> userIdsIn(byte[] body) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"UserId\":(\\d{7,})")
                .matcher(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        List<Long> ids = new java.util.ArrayList<>();
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
