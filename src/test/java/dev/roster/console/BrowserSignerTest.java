package dev.roster.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.auth.Credentials;
import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import dev.roster.testing.NodeScript;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The console's signer (signer.js, WebCrypto), run in Node.js, against the server's ({@link SignatureV4},
 * {@link RequestSigner}): the reference vectors of volcengine-im-api.md §2.6, then whole requests with
 * random keys, regions, hosts, Actions and bodies (non-ASCII included), header for header.
 */
class BrowserSignerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/node/sign.mjs");
    private static final String BODY = "{\"AppId\":1,\"Users\":[{\"UserId\":10001,\"NickName\":\"n\"}]}";
    private static final String BODY_HASH = "a1d38c055cd56f5a140f5104ad5a62fa34d23a8bea5517275fc3010bdf302c57";
    private static final String X_DATE = "20240101T000000Z";
    private static final List<String> ALL = List.of("content-type", "host", "x-content-sha256", "x-date");

    private static ObjectNode vector(String host, List<String> signed) {
        ObjectNode v = JSON.createObjectNode();
        v.put("secretKey", "examplesecret").put("xDate", X_DATE).put("region", "cn-north-1").put("method", "POST")
                .put("path", "/").put("payloadHash", BODY_HASH);
        v.putObject("query").put("Version", "2020-12-01").put("Action", "BatchUpdateUser");
        v.set("signedHeaders", JSON.valueToTree(signed));
        ObjectNode headers = v.putObject("headers").put("content-type", "application/json")
                .put("x-content-sha256", BODY_HASH).put("x-date", X_DATE);
        if (host != null) {
            headers.put("host", host);
        }
        return JSON.createObjectNode().set("vector", v);
    }

    private static String serverSignature(String host, List<String> signed) {
        Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json",
                "x-content-sha256", BODY_HASH, "x-date", X_DATE));
        if (host != null) {
            headers.put("host", host);
        }
        String canonical = SignatureV4.canonicalRequest("POST", "/", "Action=BatchUpdateUser&Version=2020-12-01",
                signed, headers, BODY_HASH);
        return SignatureV4.sign("examplesecret", X_DATE, "20240101", "cn-north-1", canonical);
    }

    @Test
    void the_reference_vectors_come_out_as_the_servers_signer_makes_them() throws Exception {
        ArrayNode cases = JSON.createArrayNode();
        cases.add(JSON.createObjectNode().put("hash", BODY));
        cases.add(vector("rtc.volcengineapi.com", ALL));
        cases.add(vector("127.0.0.1:8080", ALL));
        cases.add(vector(null, List.of("x-date")));
        JsonNode out = run(cases);

        assertThat(out.get(0).get("sha256").asText()).isEqualTo(BODY_HASH);
        assertThat(out.get(1).get("canonicalRequest").asText()).isEqualTo(SignatureV4.canonicalRequest("POST", "/",
                "Action=BatchUpdateUser&Version=2020-12-01", ALL, Map.of("content-type", "application/json",
                        "host", "rtc.volcengineapi.com", "x-content-sha256", BODY_HASH, "x-date", X_DATE), BODY_HASH));
        // The reference's published values, and what the server computes.
        assertThat(out.get(1).get("signature").asText())
                .isEqualTo("8c69756a45c1ef5c755399036d267f921cebcd96e51596d02137b9c12a0770ac")
                .isEqualTo(serverSignature("rtc.volcengineapi.com", ALL));
        assertThat(out.get(2).get("signature").asText())
                .isEqualTo("677ffa9c42f0d9daa517b3276fd280a4a7cc0289c83a456a1bf5830a7abdec0f")
                .isEqualTo(serverSignature("127.0.0.1:8080", ALL));
        assertThat(out.get(3).get("signature").asText())
                .isEqualTo("a7751d1f271f72abd07be2ad357a8b5c6b09c74e78a62d1d49faa7f04f0c7a69")
                .isEqualTo(serverSignature(null, List.of("x-date")));
    }

    @Test
    void whole_requests_are_signed_header_for_header_as_the_server_signs_them() throws Exception {
        Random random = new Random(20261126);
        String[] actions = {"BatchUpdateUser", "ListUsers", "BatchGetUser", "UserBroadcast"};
        String[] hosts = {"127.0.0.1:8080", "localhost:49152", "roster.example.com", "[::1]:9000"};
        String[] regions = {"cn-north-1", "ap-southeast-1", "us-east-1"};
        String[] texts = {"n", "Émile", "名字 with spaces", "emoji 🎉", "quote \" and \\ and \n", ""};
        ArrayNode cases = JSON.createArrayNode();
        List<RequestSigner.Signature> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String secret = Long.toHexString(random.nextLong()) + "/+=" + i;
            Credentials key = new Credentials("AKLT" + Integer.toHexString(random.nextInt()), secret);
            String region = regions[random.nextInt(regions.length)];
            String host = hosts[random.nextInt(hosts.length)];
            String action = actions[random.nextInt(actions.length)];
            String version = random.nextBoolean() ? "2020-12-01" : "2026-11-01";
            ObjectNode body = JSON.createObjectNode().put("AppId", 1 + random.nextInt(1000));
            body.putArray("Users").addObject().put("UserId", random.nextLong() >>> 1)
                    .put("NickName", texts[random.nextInt(texts.length)]);
            String text = JSON.writeValueAsString(body);
            Instant at = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000));

            URI uri = URI.create("http://" + host + "/?Action=" + URLEncoder.encode(action, StandardCharsets.UTF_8)
                    + "&Version=" + version);
            expected.add(new RequestSigner(key, region).sign("POST", uri, RequestSigner.CONTENT_TYPE,
                    SignatureV4.sha256Hex(text.getBytes(StandardCharsets.UTF_8)), at));
            ObjectNode request = cases.addObject().putObject("request");
            request.put("accessKeyId", key.accessKeyId()).put("secretAccessKey", secret).put("region", region)
                    .put("host", host).put("body", text).put("at", at.toString());
            request.putObject("query").put("Action", action).put("Version", version);
        }
        JsonNode out = run(cases);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, String> headers = JSON.convertValue(out.get(i), new TypeReference<Map<String, String>>() {});
            assertThat(headers).as("case %d", i).isEqualTo(expected.get(i).headers());
        }
    }

    private static JsonNode run(ArrayNode cases) throws Exception {
        JsonNode result = JSON.readTree(NodeScript.run(SCRIPT, JSON.writeValueAsBytes(cases), Duration.ofSeconds(60)).out());
        assertThat(result).hasSize(cases.size());
        return result;
    }
}
