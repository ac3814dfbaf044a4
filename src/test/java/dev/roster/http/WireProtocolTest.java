package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HTTP envelope and its edges: health, ids, regions, content types, body limits, junk. */
@Tag("behaviour")
class WireProtocolTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "/?Action=BatchGetUser&Version=2020-12-01";

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ApiResponse getUsers(Map<String, String> headers) {
        return SERVER.client().sendSigned("POST", API,
                "{\"AppId\":1,\"UserIds\":[1]}".getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void healthz_answers_200() {
        ApiResponse r = SERVER.client().send("GET", "/healthz", null, Map.of());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).hasToString("{\"status\":\"ok\"}");
    }

    @Test
    void a_success_echoes_action_version_service_and_the_default_region() {
        JsonNode meta = getUsers(Map.of()).metadata();
        assertThat(meta.get("Action").asText()).isEqualTo("BatchGetUser");
        assertThat(meta.get("Version").asText()).isEqualTo("2020-12-01");
        assertThat(meta.get("Service").asText()).isEqualTo("rtc");
        assertThat(meta.get("Region").asText()).isEqualTo("cn-north-1");
        assertThat(meta.has("Error")).isFalse();
    }

    @Test
    void the_region_is_taken_from_the_credential_scope() {
        ApiClient overseas = SERVER.client().signingWith(SERVER.client().signer().withRegion("ap-southeast-1"));
        ApiResponse r = overseas.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.metadata().get("Region").asText()).isEqualTo("ap-southeast-1");
    }

    @Test
    void request_ids_are_unique_and_a_client_id_is_not_taken_as_ours() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(getUsers(Map.of("X-Request-Id", "client-chosen")).metadata().get("RequestId").asText());
        }
        assertThat(ids).hasSize(50).doesNotContain("client-chosen");
    }

    @Test
    void the_body_is_read_as_json_whatever_the_content_type() {
        for (String type : new String[] {"application/x-www-form-urlencoded", "text/plain", "application/json; charset=utf-8"}) {
            assertThat(getUsers(Map.of("Content-Type", type)).status()).as(type).isEqualTo(200);
        }
    }

    @Test
    void a_ten_mib_body_is_refused_from_its_content_length_before_it_is_read() throws Exception {
        long size = 10L * 1024 * 1024;
        RawHttp.Answer answer = RawHttp.exchange(SERVER.client().base(), "POST " + API + " HTTP/1.1\r\nHost: x\r\n"
                + signedHead() + "\r\nContent-Length: " + size, RawHttp.repeat((byte) ' ', size));
        assertThat(answer.status()).isEqualTo(413);
        JsonNode error = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error");
        assertThat(error.get("Code").asText()).isEqualTo("RequestTooLarge");
        assertThat(error.get("CodeN").asInt()).isEqualTo(200004);
        assertThat(error.get("Message").asText()).isEqualTo("The request body exceeds 1048576 bytes");
    }

    @Test
    void a_client_that_reads_only_after_sending_everything_still_gets_the_413() {
        byte[] body = new byte[4 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        for (int i = 0; i < 3; i++) { // and the connection stays usable
            ApiResponse r = SERVER.client().sendSigned("POST", API, body, Map.of());
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.errorCode()).isEqualTo("RequestTooLarge");
        }
    }

    @Test
    void a_chunked_body_is_refused_as_soon_as_it_passes_the_limit() throws Exception {
        byte[] chunk = ("4000\r\n" + " ".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        InputStream endless = new SequenceInputStream(java.util.Collections.enumeration(
                java.util.Collections.nCopies(200, chunk).stream().map(ByteArrayInputStream::new).toList()));
        RawHttp.Answer answer = RawHttp.exchange(SERVER.client().base(), "POST " + API + " HTTP/1.1\r\nHost: x\r\n"
                + signedHead() + "\r\nTransfer-Encoding: chunked", endless);
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).contains("\"Code\":\"RequestTooLarge\"");
    }

    @Test
    void a_body_of_exactly_the_limit_is_accepted() {
        String json = "{\"AppId\":1,\"UserIds\":[1]}";
        byte[] body = (json + " ".repeat(1024 * 1024 - json.length())).getBytes(StandardCharsets.UTF_8);
        assertThat(body).hasSize(1024 * 1024);
        assertThat(SERVER.client().sendSigned("POST", API, body, Map.of()).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Action=Batch%zzGetUser&Version=2020-12-01",
        // Jetty alone would drop this last name, which the signature covers as U+FFFD
        "Action=BatchGetUser&Version=2020-12-01&%E9"})
    void a_malformed_query_string_is_missing_parameter(String query) throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(SERVER.client().base(),
                "POST /?" + query + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2",
                new ByteArrayInputStream("{}".getBytes(StandardCharsets.US_ASCII)));
        assertThat(answer.status()).isEqualTo(400);
        JsonNode error = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error");
        assertThat(error.get("Code").asText()).isEqualTo("MissingParameter");
        assertThat(error.get("Message").asText()).isEqualTo("The query string is malformed");
    }

    @Test
    void a_request_refused_before_its_body_was_read_closes_the_connection() throws Exception {
        RawHttp.Answer refused = RawHttp.exchange(SERVER.client().base(),
                "PUT " + API + " HTTP/1.1\r\nHost: x\r\nContent-Length: 100000", RawHttp.repeat((byte) ' ', 100_000));
        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.head()).containsIgnoringCase("Connection: close");
        RawHttp.Answer unsigned = RawHttp.exchange(SERVER.client().base(),
                "POST " + API + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2", new ByteArrayInputStream(new byte[] {'{', '}'}));
        assertThat(unsigned.status()).as("unsigned, so refused from its head").isEqualTo(401);
        assertThat(unsigned.head()).containsIgnoringCase("Connection: close");
        RawHttp.Answer answered = RawHttp.exchange(SERVER.client().base(),
                "POST " + API + " HTTP/1.1\r\nHost: x\r\n" + signedHead() + "\r\nContent-Length: 2",
                new ByteArrayInputStream(new byte[] {'{', '}'}));
        assertThat(answered.status()).as("signed for another body, so refused after it was read").isEqualTo(401);
        assertThat(answered.body()).contains("SignatureDoesNotMatch");
        assertThat(answered.head()).doesNotContainIgnoringCase("Connection: close");
    }

    @Test
    void oversized_headers_get_431_with_an_envelope() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(SERVER.client().base(), "POST " + API + " HTTP/1.1\r\nHost: x\r\n"
                + "X-Big: " + "h".repeat(64 * 1024) + "\r\nContent-Length: 0", InputStream.nullInputStream());
        assertThat(answer.status()).isEqualTo(431);
        JsonNode meta = JSON.readTree(answer.body()).get("ResponseMetadata");
        assertThat(meta.get("Error").get("Code").asText()).isEqualTo("RequestTooLarge");
        assertThat(meta.get("Error").get("Message").asText()).isEqualTo("The request headers are too large");
    }

    @Test
    void a_malformed_request_gets_an_envelope_and_no_internals() throws Exception {
        String[][] cases = {
            {"THIS IS NOT HTTP", "400"},
            {"POST /?Action=x HTTP/9.9\r\nHost: x", "400"},
            {"POST " + API + " HTTP/1.1\r\nHost: x\r\nContent-Length: nope", "400"},
        };
        for (String[] c : cases) {
            RawHttp.Answer answer = RawHttp.exchange(SERVER.client().base(), c[0], InputStream.nullInputStream());
            assertThat(answer.status()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
            JsonNode error = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error");
            assertThat(error.get("Code").asText()).isEqualTo("InvalidParam");
            assertThat(error.get("Message").asText()).isEqualTo("Malformed HTTP request");
        }
    }

    @Test
    void random_bodies_never_get_a_server_error() {
        Random random = new Random(42);
        String[] actions = {"RegisterUsers", "BatchUpdateUser", "BatchGetUser", "UnRegisterUsers", "BatchUpdateUserTags"};
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[random.nextInt(64)];
            random.nextBytes(body);
            if (i % 2 == 0) {
                body = ("{\"AppId\":1,\"Users\":[{\"UserId\":1,\"NickName\":" + new String(body, StandardCharsets.ISO_8859_1)
                        + "}]}").getBytes(StandardCharsets.ISO_8859_1);
            }
            ApiResponse r = SERVER.client().sendSigned("POST", "/?Action=" + actions[i % actions.length]
                    + "&Version=2020-12-01", body, Map.of());
            assertThat(r.status()).as("%s", r).isIn(200, 400);
            assertThat(r.metadata().get("RequestId").asText()).isNotEmpty();
        }
    }

    /** Signing headers that pass every check made from the head; signed over no body. */
    private static String signedHead() {
        return SERVER.client().signer().rawHeaders("POST", SERVER.client().base().resolve(API), new byte[0]);
    }
}
