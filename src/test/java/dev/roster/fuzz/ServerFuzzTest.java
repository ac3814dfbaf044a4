package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.api.Actions;
import dev.roster.api.RequestJson;
import dev.roster.auth.Credentials;
import dev.roster.auth.SecretCipher;
import dev.roster.errors.ApiError;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimits;
import dev.roster.store.AccessKey;
import dev.roster.testing.MemoryKeyStore;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import io.github.bucket4j.TimeMeter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the whole server in process, through loopback HTTP: most inputs become requests signed correctly
 * with the root key (or a key scoped to AppId 1) so that they reach the JSON and Action code, some are
 * damaged after signing, some are sent as raw bytes. Every answer is a documented envelope, never a 500;
 * a correctly signed request is never refused as unauthenticated; a refused user is never written.
 */
class ServerFuzzTest {
    private static final Credentials ROOT = RosterServerExtension.ROOT;
    private static final Credentials SCOPED = new Credentials("AKLTscoped", "scoped-secret-0123456789");
    private static final Set<ApiError> AUTHENTICATION_ERRORS = EnumSet.of(ApiError.MISSING_AUTHENTICATION_TOKEN,
            ApiError.MISSING_REQUEST_INFO, ApiError.INVALID_ACCESS_KEY, ApiError.INVALID_TIMESTAMP,
            ApiError.SIGNATURE_DOES_NOT_MATCH);
    /** Headers that frame or sign a request: a fuzzed extra header never takes one of these names. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "expect", "te", "trailer", "upgrade", "keep-alive", "content-type", "x-date",
            "x-content-sha256", "authorization", "content-encoding");
    private static final Pattern HEAD = Pattern.compile("head", Pattern.CASE_INSENSITIVE);
    /** A header line that would change where the request ends, so that the connection would wait for more. */
    private static final Pattern FRAMING_HEADER = Pattern.compile(
            "\\s*(content-length|transfer-encoding|expect|connection|upgrade|te|trailer)\\s*:", Pattern.CASE_INSENSITIVE);
    /**
     * Damaged and raw requests come from other loopback addresses than the signed ones, spread so that
     * none of them exceeds the budget of failed authentications per client address.
     */
    private static final int OTHER_ADDRESSES = 32;
    private static final long MAX_BODY_BYTES = 2048;
    private static final RecordingUserStore USERS = new RecordingUserStore();
    private static final Map<String, AtomicLong> OUTCOMES = new TreeMap<>();

    private static Roster roster;
    private static LoopbackHttp signedLane;
    private static final List<LoopbackHttp> OTHER_LANES = new ArrayList<>();
    private static int nextLane;
    private static boolean connectionsAllowed;

    @BeforeAll
    static void start() throws Exception {
        MemoryKeyStore keys = new MemoryKeyStore();
        keys.create(new AccessKey(SCOPED.accessKeyId(), SecretCipher.plain().seal(SCOPED.accessKeyId(),
                SCOPED.secretAccessKey()), Set.of(1), true, false, 0));
        RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0).dataDir(Path.of("target", "unused"))
                .rootKey(ROOT).limits(Seeds.LIMITS).maxBodyBytes(MAX_BODY_BYTES)
                .rateLimits(new RateLimits(0, Map.of())).shutdownTimeout(Duration.ofSeconds(1)).build();
        roster = Roster.start(config, new Roster.Backend(USERS, keys), Clock.systemUTC(),
                new LocalRateLimiter(config.rateLimits(), TimeMeter.SYSTEM_NANOTIME));
        int port = roster.port();
        signedLane = new LoopbackHttp(InetAddress.getByName("127.0.0.1"), port);
        for (int i = 0; i < OTHER_ADDRESSES; i++) {
            OTHER_LANES.add(new LoopbackHttp(InetAddress.getByName("127.0.0." + (i + 2)), port));
        }
        // In fuzzing mode libFuzzer ends the process without running @AfterAll.
        Runtime.getRuntime().addShutdownHook(new Thread(ServerFuzzTest::printOutcomes));
    }

    @AfterAll
    static void stop() throws Exception {
        signedLane.close();
        OTHER_LANES.forEach(LoopbackHttp::close);
        roster.close();
    }

    /**
     * The last byte picks the lane: 0-5 signed with the input's bytes as body, 6-11 signed with a body of
     * the Action's shape built from the input (always JSON, so that it reaches the Action's code), 12-13
     * damaged after signing, 14-15 raw bytes.
     */
    @FuzzTest
    @DictionaryFile(resourcePath = "json.dict")
    @DictionaryFile(resourcePath = "http.dict")
    void every_answer_is_a_documented_envelope_and_no_refused_user_is_written(FuzzedDataProvider data)
            throws IOException {
        if (!connectionsAllowed) {
            // Jazzer's SSRF detector reports every connection a fuzz test opens unless it is allowed; its
            // sanitizers are only loaded once the test runs, so this cannot be done in @BeforeAll.
            int port = roster.port();
            BugDetectors.allowNetworkConnections((host, p) -> p == port
                    && (host.equals("localhost") || host.startsWith("127.")));
            connectionsAllowed = true;
        }
        USERS.reset(Seeds.users());
        int lane = data.consumeInt(0, 15);
        if (lane < 12) {
            signed(data, lane >= 6);
        } else if (lane < 14) {
            damaged(data);
        } else {
            raw(data.consumeRemainingAsBytes());
        }
    }

    private static void signed(FuzzedDataProvider data, boolean shaped) throws IOException {
        Request request = Request.from(data, shaped);
        LoopbackHttp.Answer answer = signedLane.exchange(request.bytes());
        String what = request.toString();
        JsonNode result = Envelopes.check(answer, what);
        ApiError error = Envelopes.error(answer);
        count("signed", answer, error);
        assertThat(Envelopes.action(answer)).as("the Action answered for %s: %d %s %s (the lane's request before: %s)",
                what, answer.status(), answer.headers(), answer.text(), signedLane.previousRequest())
                .isEqualTo(request.queryAction());
        assertThat(AUTHENTICATION_ERRORS).as("a correctly signed request refused: %s -> %s", what, answer.text())
                .doesNotContain(error);
        List<RecordingUserStore.Write> writes = USERS.takeWrites();
        if (error != null) {
            WriteChecks.refusedWhole(writes, what + " -> " + answer.text());
        } else {
            WriteChecks.accepted(request.action(), RequestJson.parseObject(request.body()),
                    WriteChecks.failedInfos(result), writes, Seeds.LIMITS);
        }
    }

    private static void damaged(FuzzedDataProvider data) throws IOException {
        int damage = data.consumeInt(0, 7);
        String fuzzed = printable(data.consumeString(80));
        Request request = Request.from(data, false);
        switch (damage) {
            case 0 -> request.method = switch (fuzzed.length() % 6) {
                case 0 -> "GET";
                case 1 -> "PUT";
                case 2 -> "DELETE";
                case 3 -> "OPTIONS";
                case 4 -> "PATCH";
                default -> fuzzed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "") + "X"; // never HEAD
            };
            case 1 -> request.target = "/" + Rfc3986.encode(fuzzed).replace("%2F", "/") + "?" + request.query();
            case 2 -> request.headers.put("Authorization", fuzzed);
            case 3 -> request.headers.remove("Authorization");
            case 4 -> request.headers.put("X-Date", fuzzed);
            case 5 -> {
                if (!FRAMING_HEADER.matcher(fuzzed).lookingAt()) {
                    request.extraLines.add(fuzzed);
                }
            }
            case 6 -> request.headers.put("Content-Type", fuzzed);
            default -> request.body = (new String(request.body, StandardCharsets.ISO_8859_1) + fuzzed)
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        LoopbackHttp.Answer answer = otherLane().exchangeOnce(request.bytes());
        String what = "damage " + damage + ": " + request;
        JsonNode result = Envelopes.check(answer, what);
        ApiError error = Envelopes.error(answer);
        count("damaged", answer, error);
        List<RecordingUserStore.Write> writes = USERS.takeWrites();
        if (error != null) {
            WriteChecks.refusedWhole(writes, what + " -> " + answer.text());
        } else {
            // Some damage leaves a request valid (an unsigned header line, say); it must then act as one.
            WriteChecks.accepted(request.action(), RequestJson.parseObject(request.body()),
                    WriteChecks.failedInfos(result), writes, Seeds.LIMITS);
        }
    }

    private static void raw(byte[] bytes) throws IOException {
        // HEAD answers carry no body whatever their Content-Length says; raw bytes never ask for one.
        byte[] request = HEAD.matcher(new String(bytes, StandardCharsets.ISO_8859_1)).replaceAll("POST")
                .getBytes(StandardCharsets.ISO_8859_1);
        String what = "raw " + new String(request, StandardCharsets.ISO_8859_1);
        for (LoopbackHttp.Answer answer : otherLane().exchangeRaw(request)) {
            if (Envelopes.isProbeAnswer(answer)) {
                continue;
            }
            Envelopes.check(answer, what);
            count("raw", answer, Envelopes.error(answer));
        }
        WriteChecks.refusedWhole(USERS.takeWrites(), "unsigned bytes wrote: " + what);
    }

    private static LoopbackHttp otherLane() {
        nextLane = (nextLane + 1) % OTHER_LANES.size();
        return OTHER_LANES.get(nextLane);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "");
    }

    private static synchronized void count(String lane, LoopbackHttp.Answer answer, ApiError error) {
        String key = lane + " " + (error == null ? String.valueOf(answer.status()) : error.code());
        OUTCOMES.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static synchronized void printOutcomes() {
        long total = OUTCOMES.values().stream().mapToLong(AtomicLong::get).sum();
        System.err.println("server fuzz: " + total + " answers checked, none a 500; by lane and outcome: " + OUTCOMES);
    }

    /** A request signed correctly, as built from the input; the damaged lane changes it after signing. */
    private static final class Request {
        String method = "POST";
        String target;
        final String action;
        final Map<String, String> headers = new LinkedHashMap<>();
        final List<String> extraLines = new ArrayList<>();
        byte[] body;

        private Request(String action, String target) {
            this.action = action;
            this.target = target;
        }

        /**
         * From the end of the input: which Action (0-4 the five, 5 a fuzzed name, 6 a fuzzed Version, 7 no
         * Action), which key (root or scoped), how many extra headers; from the front: the fuzzed names and
         * headers; the rest is the body, or the makings of a body of the Action's shape.
         */
        static Request from(FuzzedDataProvider data, boolean shaped) {
            int choice = data.consumeInt(0, 7);
            Credentials key = data.consumeBoolean() ? SCOPED : ROOT;
            int extras = data.consumeInt(0, 2);
            String name = choice < 5 ? Actions.USER_ACTIONS.get(choice) : choice == 5 ? data.consumeString(24) : "RegisterUsers";
            String version = choice == 6 ? data.consumeString(16) : Actions.VERSION;
            String query = (choice == 7 ? "" : "Action=" + Rfc3986.encode(name) + "&") + "Version=" + Rfc3986.encode(version);
            Request request = new Request(name, "/?" + query);
            Map<String, String> extra = new LinkedHashMap<>();
            for (int i = 0; i < extras; i++) {
                String header = data.consumeString(16).replaceAll("[^A-Za-z0-9-]", "");
                String value = printable(data.consumeString(40)).strip();
                if (!header.isEmpty() && !RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                    extra.put(header, value);
                }
            }
            request.body = shaped ? Bodies.shaped(name, data) : data.consumeRemainingAsBytes();
            URI uri = URI.create("http://127.0.0.1:" + roster.port() + request.target);
            request.headers.putAll(new TestSigner(key).sign("POST", uri, Map.of(), request.body));
            request.headers.putAll(extra);
            return request;
        }

        String action() {
            return action;
        }

        byte[] body() {
            return body;
        }

        String query() {
            return target.substring(target.indexOf('?') + 1);
        }

        /** The Action the query names, as the envelope echoes it ("" when there is none). */
        String queryAction() {
            return query().startsWith("Action=")
                    ? new String(action.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) : "";
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(roster.port()).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            extraLines.forEach(line -> head.append(line).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }

        @Override
        public String toString() {
            String text = new String(body, StandardCharsets.UTF_8);
            return method + " " + target + " " + (text.length() > 400 ? text.substring(0, 400) + "..." : text);
        }
    }
}
