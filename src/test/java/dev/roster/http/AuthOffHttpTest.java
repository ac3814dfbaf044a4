package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Auth off stays on the developer's machine: a page the developer visits cannot write (it sends an
 * Origin) nor read through DNS rebinding (its Host names the attacker's domain); curl on localhost can.
 */
class AuthOffHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config.authEnabled(false));

    private static RawHttp.Answer post(String action, String json, String host, String... extraHeaders)
            throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /?Action=" + action + "&Version=2020-12-01 HTTP/1.1\r\nHost: "
                + host + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length);
        for (String header : extraHeaders) {
            head.append("\r\n").append(header);
        }
        return RawHttp.exchange(SERVER.client().base(), head.toString(), new ByteArrayInputStream(body));
    }

    private static String local() {
        URI base = SERVER.client().base();
        return base.getHost() + ":" + base.getPort();
    }

    private static void assertNoAuth(RawHttp.Answer answer, String message) throws Exception {
        assertThat(answer.status()).isEqualTo(403);
        JsonNode error = JSON.readTree(answer.body()).get("ResponseMetadata").get("Error");
        assertThat(error.get("Code").asText()).isEqualTo("NoAuth");
        assertThat(error.get("Message").asText()).isEqualTo(message);
    }

    @Test
    void a_request_with_a_foreign_host_is_no_auth_and_writes_nothing() throws Exception {
        assertNoAuth(post("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":1}]}", "rebind.attacker.example:"
                        + SERVER.client().base().getPort()),
                "Authentication is off, so only requests addressed to localhost, 127.0.0.0/8 or [::1] are served");
        assertNoAuth(post("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}", "192.168.1.20:8080"),
                "Authentication is off, so only requests addressed to localhost, 127.0.0.0/8 or [::1] are served");
        assertThat(post("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}", local()).body())
                .contains("\"NotFoundUsers\":[1]");
    }

    private static final String ORIGIN_REFUSED = "Authentication is off, so requests from web pages other than this"
            + " server's console (an Origin header of another site) are refused";

    @Test
    void a_request_from_a_web_page_is_no_auth_and_writes_nothing() throws Exception {
        assertNoAuth(post("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":2}]}", local(),
                        "Origin: http://attacker.example"),
                ORIGIN_REFUSED);
        assertNoAuth(post("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":2}]}", local(), "Origin: null"),
                ORIGIN_REFUSED);
        assertNoAuth(post("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":2}]}", local(),
                "Origin: http://localhost:1"), ORIGIN_REFUSED);
        assertThat(post("BatchGetUser", "{\"AppId\":1,\"UserIds\":[2]}", local()).body())
                .contains("\"NotFoundUsers\":[2]");
        // The console, served from this very origin, is let in.
        assertThat(post("BatchGetUser", "{\"AppId\":1,\"UserIds\":[2]}", local(), "Origin: http://" + local())
                .status()).isEqualTo(200);
    }

    @Test
    void curl_on_the_same_machine_is_served_by_any_loopback_name() throws Exception {
        int port = SERVER.client().base().getPort();
        assertThat(post("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":3}]}", "localhost:" + port).status())
                .isEqualTo(200);
        assertThat(post("BatchGetUser", "{\"AppId\":1,\"UserIds\":[3]}", "127.0.0.1:" + port).body())
                .contains("\"UserId\":3");
    }
}
