package dev.roster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.auth.Credentials;
import dev.roster.testing.RosterServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives Roster through the official Node SDK, @volcengine/openapi (src/test/node/call.js), which signs
 * only x-content-sha256;x-date and sends its own content type. Node must be installed: a missing Node
 * fails these tests, it never skips them.
 */
@Tag("behaviour")
class NodeSdkConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/node/call.js");

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static JsonNode call(String action, String body, Credentials key, String region) throws Exception {
        assertThat(SCRIPT.resolveSibling("node_modules/@volcengine/openapi")).as(
                "the Node SDK is installed by 'npm ci' in src/test/node (mvn does it in generate-test-resources)")
                .exists();
        ObjectNode spec = JSON.createObjectNode();
        spec.put("host", "127.0.0.1:" + SERVER.client().base().getPort());
        spec.put("region", region);
        spec.put("accessKeyId", key.accessKeyId());
        spec.put("secretKey", key.secretAccessKey());
        spec.put("action", action);
        spec.set("body", JSON.readTree(body));
        Process node;
        try {
            node = new ProcessBuilder("node", SCRIPT.toString()).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is required for the Node SDK conformance tests: " + e.getMessage(), e);
        }
        node.getOutputStream().write(JSON.writeValueAsBytes(spec));
        node.getOutputStream().close();
        byte[] out = node.getInputStream().readAllBytes();
        String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(node.exitValue()).as(err).isZero();
        return JSON.readTree(out);
    }

    private static JsonNode call(String action, String body) throws Exception {
        return call(action, body, RosterServerExtension.ROOT, "cn-north-1");
    }

    @Test
    void the_five_actions_work_through_the_node_sdk() throws Exception {
        JsonNode registered = call("RegisterUsers",
                "{\"AppId\":77,\"Users\":[{\"UserId\":1,\"NickName\":\"Nod\",\"Tags\":[\"js\"],\"Ext\":{\"k\":\"v\"}},"
                        + "{\"UserId\":2}]}");
        assertThat(registered.get("ResponseMetadata").has("Error")).as("%s", registered).isFalse();
        assertThat(registered.get("ResponseMetadata").get("Action").asText()).isEqualTo("RegisterUsers");

        JsonNode updated = call("BatchUpdateUser",
                "{\"AppId\":77,\"Users\":[{\"UserId\":1,\"Ext\":{\"k\":\"\",\"n\":\"1\"}},{\"UserId\":3,\"NickName\":\"x\"}]}");
        assertThat(updated.get("Result").get("FailedInfos")).hasToString(
                "[{\"UserId\":3,\"Code\":\"UserNotFound\",\"Message\":\"user not registered\"}]");

        assertThat(call("BatchUpdateUserTags", "{\"AppId\":77,\"UserIds\":[1,2],\"Tags\":[\"node\"]}").get("Result"))
                .hasToString("{}");
        assertThat(call("UnRegisterUsers", "{\"AppId\":77,\"UserIds\":[2]}").get("Result")).hasToString("{}");

        JsonNode got = call("BatchGetUser", "{\"AppId\":77,\"UserIds\":[1,2]}").get("Result");
        JsonNode user = got.get("Users").get(0);
        assertThat(user.get("NickName").asText()).isEqualTo("Nod");
        assertThat(user.get("Tags")).hasToString("[\"js\",\"node\"]");
        assertThat(user.get("Ext")).hasToString("{\"n\":\"1\"}");
        assertThat(got.get("NotFoundUsers")).hasToString("[2]");
    }

    @Test
    void the_region_of_the_signature_is_echoed() throws Exception {
        JsonNode answer = call("BatchGetUser", "{\"AppId\":77,\"UserIds\":[9]}", RosterServerExtension.ROOT,
                "ap-southeast-1");
        assertThat(answer.get("ResponseMetadata").get("Region").asText()).isEqualTo("ap-southeast-1");
    }

    @Test
    void errors_reach_the_node_sdk_as_envelopes() throws Exception {
        JsonNode invalid = call("BatchGetUser", "{\"AppId\":0,\"UserIds\":[1]}");
        assertThat(invalid.get("ResponseMetadata").get("Error").get("Code").asText()).isEqualTo("InvalidParam");
        assertThat(invalid.get("ResponseMetadata").get("Error").get("CodeN").asInt()).isEqualTo(200002);

        JsonNode wrongSecret = call("BatchGetUser", "{\"AppId\":77,\"UserIds\":[1]}",
                new Credentials(RosterServerExtension.ROOT.accessKeyId(), "wrong-secret-value"), "cn-north-1");
        assertThat(wrongSecret.get("ResponseMetadata").get("Error").get("Code").asText())
                .isEqualTo("SignatureDoesNotMatch");
    }
}
