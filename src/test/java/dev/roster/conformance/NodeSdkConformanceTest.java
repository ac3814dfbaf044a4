package dev.roster.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.auth.Credentials;
import dev.roster.testing.ApiClient;
import dev.roster.testing.NodeScript;
import dev.roster.testing.RosterServerExtension;
import java.nio.file.Path;
import java.time.Duration;
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
        return call(action, ApiClient.VERSION, body, key, region);
    }

    private static JsonNode call(String action, String version, String body, Credentials key, String region)
            throws Exception {
        assertThat(SCRIPT.resolveSibling("node_modules/@volcengine/openapi")).as(
                "the Node SDK is installed by 'npm ci' in src/test/node (mvn does it in generate-test-resources)")
                .exists();
        ObjectNode spec = JSON.createObjectNode();
        spec.put("host", "127.0.0.1:" + SERVER.client().base().getPort());
        spec.put("region", region);
        spec.put("accessKeyId", key.accessKeyId());
        spec.put("secretKey", key.secretAccessKey());
        spec.put("action", action);
        spec.put("version", version);
        spec.set("body", JSON.readTree(body));
        return JSON.readTree(NodeScript.run(SCRIPT, JSON.writeValueAsBytes(spec), Duration.ofSeconds(60)).out());
    }

    private static JsonNode call(String action, String body) throws Exception {
        return call(action, body, RosterServerExtension.ROOT, "cn-north-1");
    }

    /** One of Roster's own Actions, through the same createJSONAPI at {@code Version=2026-11-01}. */
    private static JsonNode callRoster(String action, String body) throws Exception {
        return call(action, ApiClient.ROSTER_VERSION, body, RosterServerExtension.ROOT, "cn-north-1");
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

    @Test
    void version_is_read_and_if_version_is_sent_through_the_node_sdk() throws Exception {
        JsonNode created = call("RegisterUsers",
                "{\"AppId\":78,\"Users\":[{\"UserId\":5,\"NickName\":\"one\",\"IfVersion\":0}]}");
        assertThat(created.get("ResponseMetadata").has("Error")).as("%s", created).isFalse();
        assertThat(created.get("Result").has("FailedInfos")).as("%s", created).isFalse();

        JsonNode again = call("RegisterUsers",
                "{\"AppId\":78,\"Users\":[{\"UserId\":5,\"NickName\":\"again\",\"IfVersion\":0}]}");
        assertThat(again.get("Result").get("FailedInfos")).hasToString(
                "[{\"UserId\":5,\"Code\":\"VersionConflict\",\"Message\":\"user is at Version 1; IfVersion was 0\"}]");

        JsonNode updated = call("BatchUpdateUser",
                "{\"AppId\":78,\"Users\":[{\"UserId\":5,\"NickName\":\"two\",\"IfVersion\":1}]}");
        assertThat(updated.get("Result").has("FailedInfos")).as("%s", updated).isFalse();
        JsonNode stale = call("BatchUpdateUser",
                "{\"AppId\":78,\"Users\":[{\"UserId\":5,\"NickName\":\"stale\",\"IfVersion\":1}]}");
        assertThat(stale.get("Result").get("FailedInfos")).hasToString(
                "[{\"UserId\":5,\"Code\":\"VersionConflict\",\"Message\":\"user is at Version 2; IfVersion was 1\"}]");

        JsonNode user = call("BatchGetUser", "{\"AppId\":78,\"UserIds\":[5]}").get("Result").get("Users").get(0);
        assertThat(user.get("NickName").asText()).isEqualTo("two");
        assertThat(user.get("Version").isIntegralNumber()).as("%s", user).isTrue();
        assertThat(user.get("Version").asLong()).isEqualTo(2);
    }

    @Test
    void list_users_walks_two_pages_through_create_json_api() throws Exception {
        call("RegisterUsers", "{\"AppId\":79,\"Users\":[{\"UserId\":11,\"NickName\":\"Page a\"},"
                + "{\"UserId\":12,\"NickName\":\"page b\"},{\"UserId\":13,\"NickName\":\"PAGE c\"},"
                + "{\"UserId\":14,\"NickName\":\"other\"}]}");

        JsonNode first = callRoster("ListUsers",
                "{\"AppId\":79,\"NickNamePrefix\":\"page\",\"Limit\":2,\"WithTotal\":true}");
        assertThat(first.get("ResponseMetadata").has("Error")).as("%s", first).isFalse();
        assertThat(first.get("ResponseMetadata").get("Version").asText()).isEqualTo(ApiClient.ROSTER_VERSION);
        JsonNode page1 = first.get("Result");
        assertThat(page1.get("Users").findValuesAsText("UserId")).containsExactly("11", "12");
        assertThat(page1.get("Users").findValuesAsText("Version")).containsExactly("1", "1");
        assertThat(page1.get("Total").asLong()).isEqualTo(3);
        assertThat(page1.get("NextCursor").isTextual()).as("%s", page1).isTrue();

        JsonNode page2 = callRoster("ListUsers", "{\"AppId\":79,\"NickNamePrefix\":\"page\",\"Limit\":2,"
                + "\"Cursor\":\"" + page1.get("NextCursor").asText() + "\"}").get("Result");
        assertThat(page2.get("Users").findValuesAsText("UserId")).containsExactly("13");
        assertThat(page2.get("Users").get(0).get("NickName").asText()).isEqualTo("PAGE c");
        assertThat(page2.has("NextCursor")).as("%s", page2).isFalse();
        assertThat(page2.has("Total")).as("%s", page2).isFalse();
    }

    @Test
    void list_users_under_volcengines_version_is_refused_by_name() throws Exception {
        JsonNode refused = call("ListUsers", "{\"AppId\":79}");
        assertThat(refused.get("ResponseMetadata").get("Error").get("Code").asText())
                .isEqualTo("InvalidActionOrVersion");
    }
}
