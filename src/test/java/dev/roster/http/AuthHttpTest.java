package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import dev.roster.cli.KeysCommandTestSupport;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.Eventually;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every authentication error over real HTTP, and keys created by the keys command while the server runs. */
@Tag("behaviour")
class AuthHttpTest {
    /** Key lookups are cached for a second; the margin covers a busy machine. */
    private static final Duration WITHIN_CACHE_TTL = Duration.ofMillis(1_500);

    private static final String TARGET = "/?Action=BatchGetUser&Version=2020-12-01";
    private static final byte[] BODY = "{\"AppId\":1,\"UserIds\":[1]}".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ApiClient client() {
        return SERVER.client();
    }

    private static Map<String, String> signedHeaders(TestSigner signer, byte[] body) {
        Map<String, String> headers = new HashMap<>(JSON);
        headers.putAll(signer.sign("POST", client().base().resolve(TARGET), JSON, body));
        return headers;
    }

    private static void assertError(ApiResponse r, int status, String code, String message) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.errorMessage()).isEqualTo(message);
        assertThat(r.json().has("Result")).isFalse();
    }

    @Test
    void an_unsigned_request_is_missing_authentication_token() {
        assertError(client().send("POST", TARGET, BODY, JSON), 401, "MissingAuthenticationToken",
                "The request has no Authorization header; sign it with an access key");
    }

    @Test
    void a_request_without_x_date_is_missing_request_info() {
        Map<String, String> headers = signedHeaders(client().signer(), BODY);
        headers.remove("X-Date");
        assertError(client().send("POST", TARGET, BODY, headers), 400, "MissingRequestInfo",
                "The X-Date header is required");
    }

    @Test
    void an_unknown_key_is_invalid_access_key() {
        ApiClient stranger = client().signingWith(new TestSigner(new Credentials("AKLTstranger", "whatever-secret")));
        assertError(stranger.sendSigned("POST", TARGET, BODY, JSON), 401, "InvalidAccessKey",
                "The access key AKLTstranger is unknown or disabled");
    }

    @Test
    void a_replay_outside_the_window_is_invalid_timestamp() {
        Clock past = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
        ApiResponse r = client().signingWith(client().signer().withClock(past)).sendSigned("POST", TARGET, BODY, JSON);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("InvalidTimestamp");
        assertThat(r.errorMessage()).contains("is more than 900 s from the server time");
        Clock future = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(16));
        assertThat(client().signingWith(client().signer().withClock(future)).sendSigned("POST", TARGET, BODY, JSON)
                .errorCode()).isEqualTo("InvalidTimestamp");
        Clock slightlyOff = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
        assertThat(client().signingWith(client().signer().withClock(slightlyOff)).sendSigned("POST", TARGET, BODY, JSON)
                .status()).isEqualTo(200);
    }

    @Test
    void a_body_changed_after_signing_is_signature_does_not_match() {
        Map<String, String> headers = signedHeaders(client().signer(), BODY);
        byte[] other = "{\"AppId\":1,\"UserIds\":[2]}".getBytes(StandardCharsets.UTF_8);
        assertError(client().send("POST", TARGET, other, headers), 401, "SignatureDoesNotMatch",
                "X-Content-Sha256 is not the SHA-256 of the body");
        // An attacker who also fixes the body hash header changes a signed header: still refused.
        headers.put("X-Content-Sha256", dev.roster.auth.SignatureV4.sha256Hex(other));
        assertError(client().send("POST", TARGET, other, headers), 401, "SignatureDoesNotMatch",
                "The request signature does not match; check the secret key and what was signed");
    }

    @Test
    void a_signed_header_changed_after_signing_is_signature_does_not_match() {
        Map<String, String> headers = signedHeaders(client().signer(), BODY);
        headers.put("Content-Type", "application/json; charset=utf-8");
        assertError(client().send("POST", TARGET, BODY, headers), 401, "SignatureDoesNotMatch",
                "The request signature does not match; check the secret key and what was signed");
    }

    @Test
    void a_wrong_secret_is_signature_does_not_match() {
        Credentials root = RosterServerExtension.ROOT;
        ApiClient wrong = client().signingWith(new TestSigner(new Credentials(root.accessKeyId(), "not-the-secret")));
        assertThat(wrong.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}").errorCode())
                .isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void a_scoped_key_may_use_its_apps_only_for_reads_and_writes() {
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--apps", "11,12");
        ApiClient scoped = client().signingWith(new TestSigner(new Credentials(key[0], key[1])));
        assertThat(scoped.call("RegisterUsers", "{\"AppId\":11,\"Users\":[{\"UserId\":1}]}").status()).isEqualTo(200);
        assertThat(scoped.call("BatchGetUser", "{\"AppId\":12,\"UserIds\":[1]}").status()).isEqualTo(200);

        ApiResponse write = scoped.call("RegisterUsers", "{\"AppId\":13,\"Users\":[{\"UserId\":1}]}");
        assertError(write, 403, "NoAuth", "This access key may not use AppId 13");
        assertError(scoped.call("BatchGetUser", "{\"AppId\":13,\"UserIds\":[1]}"), 403, "NoAuth",
                "This access key may not use AppId 13");
        assertThat(client().call("BatchGetUser", "{\"AppId\":13,\"UserIds\":[1]}").result().get("NotFoundUsers"))
                .as("the refused write changed nothing").hasToString("[1]");
    }

    @Test
    void a_key_disabled_while_the_server_runs_is_refused_within_a_second_and_can_come_back() throws Exception {
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--all-apps");
        ApiClient user = client().signingWith(new TestSigner(new Credentials(key[0], key[1])));
        Supplier<ApiResponse> read = () -> user.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
        assertThat(read.get().status()).isEqualTo(200);

        KeysCommandTestSupport.run(SERVER.keysArgs(), "disable", key[0]);
        Eventually.within(WITHIN_CACHE_TTL, () -> assertError(read.get(), 401, "InvalidAccessKey",
                "The access key " + key[0] + " is unknown or disabled"));

        KeysCommandTestSupport.run(SERVER.keysArgs(), "enable", key[0]);
        Eventually.within(WITHIN_CACHE_TTL, () -> assertThat(read.get().status()).isEqualTo(200));
        KeysCommandTestSupport.run(SERVER.keysArgs(), "delete", key[0]);
        Eventually.within(WITHIN_CACHE_TTL,
                () -> assertThat(read.get().errorCode()).isEqualTo("InvalidAccessKey"));
    }

    @Test
    void a_signed_request_with_a_repeated_action_is_refused_and_changes_nothing() {
        client().call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":77}]}");
        byte[] body = "{\"AppId\":1,\"UserIds\":[77]}".getBytes(StandardCharsets.UTF_8);
        for (String query : new String[] {
                "/?Action=BatchGetUser&Version=2020-12-01&Action=UnRegisterUsers",
                "/?Action=UnRegisterUsers&Action=BatchGetUser&Version=2020-12-01"}) {
            ApiResponse r = client().sendSigned("POST", query, body, JSON);
            assertError(r, 400, "InvalidParam", "The query parameter Action is given more than once");
        }
        assertThat(client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[77]}").result().get("Users"))
                .as("the user is still registered").hasSize(1);
    }
}
