package dev.roster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.volcengine.ApiClient;
import com.volcengine.ApiException;
import com.volcengine.ContentType;
import com.volcengine.HttpMethod;
import com.volcengine.UniversalApi;
import com.volcengine.UniversalRequest;
import com.volcengine.sign.Credentials;
import dev.roster.testing.RosterServerExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives Roster through the v2 Java SDK, com.volcengine:volcengine-java-sdk-core, and its generic caller
 * {@link UniversalApi}: it signs only x-date, posts JSON to {@code /?Action=..&Version=..} and hands back the whole
 * envelope as a map parsed by Gson. Gson reads every JSON number as a Double; the SDK turns whole Doubles back
 * into Longs inside nested objects but not inside arrays, so a user's numbers ({@code Users[i]},
 * {@code FailedInfos[i]}) arrive as Doubles: the tests compare them as such.
 */
@Tag("behaviour")
class JavaV2SdkConformanceTest {
    private static final int APP = 4343;
    private static final String VOLCENGINE_VERSION = dev.roster.testing.ApiClient.VERSION;
    private static final String ROSTER_VERSION = dev.roster.testing.ApiClient.ROSTER_VERSION;

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static UniversalApi api;

    @BeforeAll
    static void pointTheSdkAtRoster() {
        ApiClient client = new ApiClient()
                .setCredentials(Credentials.getCredentials(RosterServerExtension.ROOT.accessKeyId(),
                        RosterServerExtension.ROOT.secretAccessKey()))
                .setRegion("cn-north-1")
                .setEndpoint("127.0.0.1:" + SERVER.client().base().getPort())
                .setDisableSSL(true);
        api = new UniversalApi(client);
    }

    private static Map<String, Object> call(String action, String version, Map<String, Object> body)
            throws ApiException {
        return api.doCall(new UniversalRequest("rtc", action, version, HttpMethod.POST, ContentType.ApplicationJSON),
                body);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    private static Map<String, Object> result(Map<String, Object> envelope, String action, String version) {
        Map<String, Object> meta = object(envelope.get("ResponseMetadata"));
        assertThat(meta).doesNotContainKey("Error");
        assertThat(meta).containsEntry("Action", action).containsEntry("Version", version)
                .containsEntry("Service", "rtc").containsEntry("Region", "cn-north-1");
        assertThat((String) meta.get("RequestId")).isNotBlank();
        return object(envelope.get("Result"));
    }

    private static Map<String, Object> user(long userId, String nickName, String tag) {
        return Map.of("UserId", userId, "NickName", nickName, "Tags", List.of(tag), "Ext", Map.of("k", "v"));
    }

    @SafeVarargs
    private static void register(Map<String, Object>... users) throws ApiException {
        Map<String, Object> registered = result(call("RegisterUsers", VOLCENGINE_VERSION,
                Map.of("AppId", APP, "Users", List.of(users))), "RegisterUsers", VOLCENGINE_VERSION);
        assertThat(registered).doesNotContainKey("FailedInfos");
    }

    @Test
    void batch_get_user_answers_parse_with_version() throws ApiException {
        register(user(1, "Vee", "v2"));
        Map<String, Object> changed = result(call("BatchUpdateUser", VOLCENGINE_VERSION,
                Map.of("AppId", APP, "Users", List.of(Map.of("UserId", 1L, "NickName", "Vee 2")))),
                "BatchUpdateUser", VOLCENGINE_VERSION);
        assertThat(changed).doesNotContainKey("FailedInfos");

        Map<String, Object> got = result(call("BatchGetUser", VOLCENGINE_VERSION,
                Map.of("AppId", APP, "UserIds", List.of(1L, 404L))), "BatchGetUser", VOLCENGINE_VERSION);

        Map<String, Object> user = objects(got.get("Users")).get(0);
        assertThat(user).containsEntry("AppId", (double) APP).containsEntry("UserId", 1.0)
                .containsEntry("NickName", "Vee 2").containsEntry("Tags", List.of("v2"))
                .containsEntry("Ext", Map.of("k", "v")).containsEntry("Version", 2.0);
        assertThat((Double) user.get("ModifyTime")).isGreaterThanOrEqualTo((Double) user.get("CreateTime"))
                .isGreaterThan(1.7e12);
        assertThat(got.get("NotFoundUsers")).isEqualTo(List.of(404.0));
    }

    @Test
    void register_users_with_if_version_surfaces_a_version_conflict() throws ApiException {
        Map<String, Object> created = result(call("RegisterUsers", VOLCENGINE_VERSION, Map.of("AppId", APP,
                "Users", List.of(Map.of("UserId", 20L, "NickName", "first", "IfVersion", 0)))),
                "RegisterUsers", VOLCENGINE_VERSION);
        assertThat(created).doesNotContainKey("FailedInfos");

        Map<String, Object> refused = result(call("RegisterUsers", VOLCENGINE_VERSION, Map.of("AppId", APP,
                "Users", List.of(Map.of("UserId", 20L, "NickName", "again", "IfVersion", 0),
                        Map.of("UserId", 21L, "NickName", "new", "IfVersion", 0)))),
                "RegisterUsers", VOLCENGINE_VERSION);
        assertThat(objects(refused.get("FailedInfos"))).containsExactly(Map.of("UserId", 20.0,
                "Code", "VersionConflict", "Message", "user is at Version 1; IfVersion was 0"));

        Map<String, Object> replaced = result(call("RegisterUsers", VOLCENGINE_VERSION, Map.of("AppId", APP,
                "Users", List.of(Map.of("UserId", 20L, "NickName", "second", "IfVersion", 1)))),
                "RegisterUsers", VOLCENGINE_VERSION);
        assertThat(replaced).doesNotContainKey("FailedInfos");

        Map<String, Object> got = result(call("BatchGetUser", VOLCENGINE_VERSION,
                Map.of("AppId", APP, "UserIds", List.of(20L, 21L))), "BatchGetUser", VOLCENGINE_VERSION);
        assertThat(objects(got.get("Users"))).extracting(u -> u.get("NickName"), u -> u.get("Version"))
                .containsExactly(tuple("second", 2.0),
                        tuple("new", 1.0));
    }

    @Test
    void list_users_is_reached_at_rosters_version_and_walks_two_pages() throws ApiException {
        register(user(30, "a", "listed"), user(31, "b", "listed"), user(32, "c", "listed"), user(33, "d", "other"));

        Map<String, Object> first = result(call("ListUsers", ROSTER_VERSION, Map.of("AppId", APP,
                "Tags", List.of("listed"), "Limit", 2, "WithTotal", true)), "ListUsers", ROSTER_VERSION);
        assertThat(objects(first.get("Users"))).extracting(u -> u.get("UserId"), u -> u.get("Version"))
                .containsExactly(tuple(30.0, 1.0),
                        tuple(31.0, 1.0));
        // Total sits directly in Result, an object, so the SDK has already made it a Long.
        assertThat(first.get("Total")).isEqualTo(3L);
        assertThat(first.get("NextCursor")).isInstanceOf(String.class);

        Map<String, Object> second = result(call("ListUsers", ROSTER_VERSION, Map.of("AppId", APP,
                "Tags", List.of("listed"), "Limit", 2, "Cursor", first.get("NextCursor"))), "ListUsers",
                ROSTER_VERSION);
        assertThat(objects(second.get("Users"))).extracting(u -> u.get("UserId")).containsExactly(32.0);
        assertThat(second).doesNotContainKeys("NextCursor", "Total");
    }

    @Test
    void an_error_reaches_the_sdk_as_an_api_exception_with_its_metadata() {
        assertThatThrownBy(() -> call("ListUsers", VOLCENGINE_VERSION, Map.of("AppId", APP)))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.getCode()).isEqualTo(404);
                    assertThat(refused.getResponseMetadata().getError().getCode()).isEqualTo("InvalidActionOrVersion");
                    assertThat(refused.getResponseMetadata().getError().getCodeN()).isEqualTo(100008);
                });
    }
}
