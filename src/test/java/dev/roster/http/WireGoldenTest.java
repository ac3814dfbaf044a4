package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pins every error code, HTTP status and message that clients see, from golden/wire-cases.json: each
 * case is one request, its expected status and either its Error or its FailedInfos. Changing a
 * message means changing the golden file, on purpose.
 */
@Tag("behaviour")
class WireGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    @BeforeAll
    static void registerUsersOneToThree() {
        ApiResponse r = SERVER.client().call("RegisterUsers",
                "{\"AppId\":1,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
        assertThat(r.status()).isEqualTo(200);
    }

    @TestFactory
    Stream<DynamicTest> golden_cases() throws IOException {
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/golden/wire-cases.json")) {
            cases = JSON.readTree(in);
        }
        assertThat(cases.size()).isGreaterThan(40);
        return java.util.stream.StreamSupport.stream(cases.spliterator(), false)
                .map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
    }

    private static void check(JsonNode c) throws IOException {
        String method = c.has("method") ? c.get("method").asText() : "POST";
        String target = c.has("target") ? c.get("target").asText()
                : "/?Action=" + c.get("action").asText() + "&Version=2020-12-01";
        byte[] body;
        if (c.has("json")) {
            body = JSON.writeValueAsBytes(c.get("json"));
        } else if (c.has("bodyHex")) {
            body = HexFormat.of().parseHex(c.get("bodyHex").asText().replace(" ", ""));
        } else {
            body = c.path("body").asText("").getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (c.has("headers")) {
            c.get("headers").properties().forEach(h -> headers.put(h.getKey(), h.getValue().asText()));
        }

        byte[] sent = method.equals("GET") ? null : body;
        ApiResponse r = headers.containsKey("Authorization") || c.path("unsigned").asBoolean()
                ? SERVER.client().send(method, target, sent, headers)
                : SERVER.client().sendSigned(method, target, sent, headers);

        assertThat(r.status()).as("status of %s", r).isEqualTo(c.get("status").asInt());
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        JsonNode meta = r.metadata();
        assertThat(meta.get("RequestId").asText()).matches("\\d{14}[0-9A-F]{20}");
        assertThat(meta.get("Service").asText()).isEqualTo("rtc");
        assertThat(meta.get("Region").asText()).isEqualTo("cn-north-1");
        if (c.has("code")) {
            assertThat(r.json().has("Result")).as("an error has no Result").isFalse();
            JsonNode error = meta.get("Error");
            assertThat(error.get("Code").asText()).isEqualTo(c.get("code").asText());
            assertThat(error.get("CodeN").isInt()).isTrue();
            assertThat(error.get("CodeN").asInt()).isNotZero();
            if (c.has("message")) {
                assertThat(error.get("Message").asText()).isEqualTo(c.get("message").asText());
            } else {
                assertThat(error.get("Message").asText()).startsWith(c.get("messagePrefix").asText());
            }
        } else {
            assertThat(meta.has("Error")).as("%s", r).isFalse();
            assertThat(r.failedInfos()).isEqualTo(c.get("failedInfos"));
        }
        if (c.has("action") && !c.has("target")) {
            assertThat(meta.get("Action").asText()).isEqualTo(c.get("action").asText());
            assertThat(meta.get("Version").asText()).isEqualTo("2020-12-01");
        }
    }

}
