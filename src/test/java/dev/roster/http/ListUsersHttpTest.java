package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.auth.Credentials;
import dev.roster.cli.KeysCommandTestSupport;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ListUsers (Version 2026-11-01) over HTTP: the filters, paging with the cursor, every invalid field,
 * cursor tampering, scope; and per-user versions: {@code Version} in the answers and events,
 * {@code IfVersion} and {@code VersionConflict}. Each test uses an AppId of its own.
 */
@Tag("behaviour")
class ListUsersHttpTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ApiResponse call(String action, String body) {
        ApiResponse r = SERVER.client().call(action, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    private static ApiResponse list(String body) {
        return SERVER.client().callRoster("ListUsers", body);
    }

    /** The UserIds of every page of {@code body}'s query, walking NextCursor. */
    private static List<Long> walk(String body) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            String json = cursor == null ? body : body.replaceFirst("\\}$", ",\"Cursor\":\"" + cursor + "\"}");
            ApiResponse r = list(json);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.result().path("Users").forEach(u -> ids.add(u.path("UserId").asLong()));
            cursor = r.result().has("NextCursor") ? r.result().path("NextCursor").asText() : null;
        } while (cursor != null);
        return ids;
    }

    @Test
    void tags_all_and_any_nickname_prefix_and_modified_after_select_the_users() throws Exception {
        call("RegisterUsers", """
                {"AppId":401,"Users":[
                 {"UserId":1,"NickName":"Straße","Tags":["vip","de"]},
                 {"UserId":2,"NickName":"STRASSE","Tags":["de"]},
                 {"UserId":3,"NickName":"Ilse","Tags":["vip"]},
                 {"UserId":4,"NickName":"ılık","Tags":["tr"]},
                 {"UserId":5,"NickName":"😀 smile","Tags":[]}]}""");
        assertThat(walk("{\"AppId\":401}")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(walk("{\"AppId\":401,\"Tags\":[\"vip\",\"de\"]}")).containsExactly(1L);
        assertThat(walk("{\"AppId\":401,\"Tags\":[\"vip\",\"de\"],\"TagMatch\":\"any\"}")).containsExactly(1L, 2L, 3L);
        assertThat(walk("{\"AppId\":401,\"NickNamePrefix\":\"strasse\"}")).containsExactly(1L, 2L);
        assertThat(walk("{\"AppId\":401,\"NickNamePrefix\":\"STRAß\"}")).containsExactly(1L, 2L);
        assertThat(walk("{\"AppId\":401,\"NickNamePrefix\":\"ı\"}")).containsExactly(4L);
        assertThat(walk("{\"AppId\":401,\"NickNamePrefix\":\"i\"}")).containsExactly(3L);
        assertThat(walk("{\"AppId\":401,\"NickNamePrefix\":\"😀\"}")).containsExactly(5L);
        assertThat(walk("{\"AppId\":401,\"NickNamePrefix\":\"\"}")).hasSize(5);
        assertThat(walk("{\"AppId\":401,\"Tags\":[\"de\"],\"NickNamePrefix\":\"straß\"}")).containsExactly(1L, 2L);
        assertThat(walk("{\"AppId\":401,\"Tags\":[\"nobody\"]}")).isEmpty();

        long modified = call("BatchGetUser", "{\"AppId\":401,\"UserIds\":[5]}").result()
                .path("Users").get(0).path("ModifyTime").asLong();
        Thread.sleep(5);
        call("BatchUpdateUser", "{\"AppId\":401,\"Users\":[{\"UserId\":3,\"NickName\":\"Ilsa\"}]}");
        assertThat(walk("{\"AppId\":401,\"ModifiedAfter\":" + modified + "}")).containsExactly(3L);
        assertThat(walk("{\"AppId\":402}")).isEmpty();
    }

    @Test
    void pages_follow_the_cursor_and_the_last_page_has_none() {
        StringBuilder users = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            users.append(i == 1 ? "" : ",").append("{\"UserId\":").append(i * 10).append(",\"Tags\":[\"t\"]}");
        }
        call("RegisterUsers", "{\"AppId\":403,\"Users\":[" + users + "]}");
        ApiResponse first = list("{\"AppId\":403,\"Limit\":7,\"WithTotal\":true}");
        assertThat(first.result().path("Users")).hasSize(7);
        assertThat(first.result().path("Total").asLong()).isEqualTo(20);
        assertThat(first.result().path("NextCursor").asText()).matches("[A-Za-z0-9_-]{28}");
        assertThat(walk("{\"AppId\":403,\"Limit\":7}")).hasSize(20).isSorted();
        assertThat(walk("{\"AppId\":403,\"Limit\":20}")).hasSize(20);
        ApiResponse exact = list("{\"AppId\":403,\"Limit\":20}");
        assertThat(exact.result().has("NextCursor")).as("a page that ends the list has no cursor").isFalse();
        assertThat(exact.result().has("Total")).isFalse();
        assertThat(walk("{\"AppId\":403,\"Tags\":[\"t\"],\"Limit\":3}")).hasSize(20);

        JsonNode user = first.result().path("Users").get(0);
        assertThat(user.path("UserId").asLong()).isEqualTo(10);
        assertThat(user.path("Tags")).extracting(JsonNode::asText).containsExactly("t");
        assertThat(user.path("Version").asLong()).isEqualTo(1);
        assertThat(user.has("CreateTime") && user.has("ModifyTime") && user.has("Ext") && user.has("IsRobot")).isTrue();
    }

    @Test
    void every_bad_field_is_invalid_param_naming_it_and_a_cursor_only_serves_its_own_query() {
        call("RegisterUsers", "{\"AppId\":404,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
        String cursor = list("{\"AppId\":404,\"Limit\":1,\"Tags\":[]}").result().path("NextCursor").asText();
        assertThat(walk("{\"AppId\":404,\"Limit\":1}")).containsExactly(1L, 2L, 3L);
        assertThat(list("{\"AppId\":404,\"Limit\":2,\"Cursor\":\"" + cursor + "\"}").status())
                .as("the page size may change between pages").isEqualTo(200);

        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        bytes[8] ^= 1; // the UserId inside
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String[][] cases = {
            {"{\"AppId\":404,\"TagMatch\":\"some\"}", "TagMatch"},
            {"{\"AppId\":404,\"TagMatch\":1}", "TagMatch"},
            {"{\"AppId\":404,\"Limit\":0}", "Limit"},
            {"{\"AppId\":404,\"Limit\":1001}", "Limit"},
            {"{\"AppId\":404,\"Limit\":\"10\"}", "Limit"},
            {"{\"AppId\":404,\"Tags\":\"vip\"}", "Tags"},
            {"{\"AppId\":404,\"Tags\":[\" \"]}", "Tags[0]"},
            {"{\"AppId\":404,\"Tags\":[1]}", "Tags[0]"},
            {"{\"AppId\":404,\"NickNamePrefix\":\"" + "x".repeat(101) + "\"}", "NickNamePrefix"},
            {"{\"AppId\":404,\"NickNamePrefix\":7}", "NickNamePrefix"},
            {"{\"AppId\":404,\"ModifiedAfter\":-1}", "ModifiedAfter"},
            {"{\"AppId\":404,\"WithTotal\":\"yes\"}", "WithTotal"},
            {"{\"AppId\":404,\"Cursor\":5}", "Cursor"},
            {"{\"AppId\":404,\"Cursor\":\"not a cursor\"}", "Cursor"},
            {"{\"AppId\":404,\"Cursor\":\"" + tampered + "\"}", "Cursor"},
            {"{\"AppId\":404,\"Cursor\":\"" + cursor.substring(1) + "\"}", "Cursor"},
            {"{\"AppId\":404,\"Tags\":[\"t\"],\"Cursor\":\"" + cursor + "\"}", "Cursor"},
            {"{\"AppId\":405,\"Cursor\":\"" + cursor + "\"}", "Cursor"},
            {"{\"AppId\":404,\"NickNamePrefix\":\"a\",\"Cursor\":\"" + cursor + "\"}", "Cursor"},
            {"{\"AppId\":404,\"ModifiedAfter\":0,\"Cursor\":\"" + cursor + "\"}", "Cursor"},
            {"{\"Limit\":5}", "AppId"},
        };
        for (String[] c : cases) {
            ApiResponse r = list(c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo("InvalidParam");
            assertThat(r.errorMessage()).as(c[0]).startsWith(c[1] + ":");
        }
    }

    @Test
    void only_under_rosters_version_and_only_for_the_keys_apps() {
        ApiResponse volc = SERVER.client().call("ListUsers", "{\"AppId\":406}");
        assertThat(volc.status()).isEqualTo(404);
        assertThat(volc.errorCode()).isEqualTo("InvalidActionOrVersion");

        call("RegisterUsers", "{\"AppId\":407,\"Users\":[{\"UserId\":1}]}");
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--apps", "406");
        ApiClient scoped = SERVER.client().signingWith(new TestSigner(new Credentials(key[0], key[1])));
        ApiResponse other = scoped.callRoster("ListUsers", "{\"AppId\":407}");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errorCode()).isEqualTo("NoAuth");
        ApiResponse own = scoped.callRoster("ListUsers", "{\"AppId\":406}");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.result().path("Users")).isEmpty();
    }

    @Test
    void versions_count_real_changes_and_if_version_guards_each_user() {
        call("RegisterUsers", "{\"AppId\":408,\"Users\":[{\"UserId\":1,\"NickName\":\"a\"},{\"UserId\":2,\"IfVersion\":0}]}");
        assertThat(version(408, 1)).isEqualTo(1);
        call("BatchUpdateUser", "{\"AppId\":408,\"Users\":[{\"UserId\":1,\"NickName\":\"a\"}]}");
        assertThat(version(408, 1)).as("a write that changes nothing").isEqualTo(1);
        call("BatchUpdateUserTags", "{\"AppId\":408,\"UserIds\":[1],\"Tags\":[\"x\"]}");
        assertThat(version(408, 1)).isEqualTo(2);

        ApiResponse r = call("BatchUpdateUser", """
                {"AppId":408,"Users":[{"UserId":1,"NickName":"b","IfVersion":1},{"UserId":2,"NickName":"c","IfVersion":1},
                 {"UserId":3,"NickName":"d","IfVersion":1},{"UserId":1,"IfVersion":"2"}]}""");
        assertThat(r.failedInfos()).extracting(f -> f.path("UserId").asLong() + " " + f.path("Code").asText())
                .containsExactly("1 VersionConflict", "3 UserNotFound", "1 DuplicateUserId");
        assertThat(r.failedInfos().get(0).path("Message").asText()).isEqualTo("user is at Version 2; IfVersion was 1");
        assertThat(version(408, 2)).isEqualTo(2);

        r = call("BatchUpdateUser", "{\"AppId\":408,\"Users\":[{\"UserId\":1,\"IfVersion\":\"2\"},{\"UserId\":2,\"IfVersion\":-1}]}");
        assertThat(r.failedInfos()).extracting(f -> f.path("Code").asText() + " " + f.path("Message").asText())
                .containsExactly("InvalidParam IfVersion: must be an integer from 0 to 9223372036854775807",
                        "InvalidParam IfVersion: must be an integer from 0 to 9223372036854775807");

        r = call("RegisterUsers", "{\"AppId\":408,\"Users\":[{\"UserId\":1,\"IfVersion\":0},{\"UserId\":4,\"IfVersion\":3},"
                + "{\"UserId\":5,\"IfVersion\":0},{\"UserId\":2,\"NickName\":\"e\",\"IfVersion\":2}]}");
        assertThat(r.failedInfos()).extracting(f -> f.path("UserId").asLong() + " " + f.path("Code").asText()
                + " " + f.path("Message").asText()).containsExactly(
                        "1 VersionConflict user is at Version 2; IfVersion was 0",
                        "4 VersionConflict user is not registered (Version 0); IfVersion was 3");
        assertThat(version(408, 5)).isEqualTo(1);
        assertThat(version(408, 2)).isEqualTo(3);

        JsonNode events = SERVER.client().callRoster("ListUserEvents", "{\"AppId\":408}").result().path("Events");
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.path("UserId").asLong()).isEqualTo(2);
        assertThat(last.path("Before").path("Version").asLong()).isEqualTo(2);
        assertThat(last.path("After").path("Version").asLong()).isEqualTo(3);
    }

    private static long version(int appId, long userId) {
        return call("BatchGetUser", "{\"AppId\":" + appId + ",\"UserIds\":[" + userId + "]}").result()
                .path("Users").get(0).path("Version").asLong();
    }
}
