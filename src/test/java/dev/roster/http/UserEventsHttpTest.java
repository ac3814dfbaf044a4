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
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The change events each Action writes (read back with ListUserEvents, Version 2026-11-01): one per real
 * change with the profile before and after it, none for a write that changes nothing; and the feed's
 * paging, limits and scope. Each test uses an AppId of its own.
 */
@Tag("behaviour")
class UserEventsHttpTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ApiResponse listEvents(ApiClient client, String body) {
        return client.callRoster("ListUserEvents", body);
    }

    private static ApiResponse call(String action, String body) {
        ApiResponse r = SERVER.client().call(action, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    /** Every event of {@code appId}, paging {@code limit} at a time. */
    private static List<JsonNode> events(int appId, int limit) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            ApiResponse r = listEvents(SERVER.client(), "{\"AppId\":" + appId + ",\"After\":" + after + ",\"Limit\":" + limit + "}");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            JsonNode page = r.result().path("Events");
            page.forEach(all::add);
            long next = r.result().path("NextCursor").asLong();
            if (page.isEmpty()) {
                assertThat(next).isEqualTo(after);
                return all;
            }
            assertThat(next).isEqualTo(page.get(page.size() - 1).path("Sequence").asLong());
            after = next;
        }
    }

    @Test
    void each_action_writes_its_event_with_the_profile_before_and_after() {
        int app = 301;
        ApiResponse registered = call("RegisterUsers", "{\"AppId\":301,\"Users\":[{\"UserId\":1,\"NickName\":\"ann\","
                + "\"Tags\":[\"a\"],\"Ext\":{\"k\":\"v\"}}]}");
        call("BatchUpdateUser", "{\"AppId\":301,\"Users\":[{\"UserId\":1,\"NickName\":\"anna\"}]}");
        call("BatchUpdateUserTags", "{\"AppId\":301,\"UserIds\":[1],\"Tags\":[\"b\"]}");
        call("RegisterUsers", "{\"AppId\":301,\"Users\":[{\"UserId\":1,\"NickName\":\"anne\"}]}");
        call("UnRegisterUsers", "{\"AppId\":301,\"UserIds\":[1]}");

        List<JsonNode> events = events(app, 100);
        assertThat(events).extracting(e -> e.path("Type").asText()).containsExactly("user.registered",
                "user.updated", "user.updated", "user.updated", "user.unregistered");
        assertThat(events).extracting(e -> e.path("Action").asText()).containsExactly("RegisterUsers",
                "BatchUpdateUser", "BatchUpdateUserTags", "RegisterUsers", "UnRegisterUsers");

        JsonNode first = events.get(0);
        assertThat(first.path("EventId").asText()).matches("evt_[0-9A-Z]{26}");
        assertThat(first.path("AppId").asInt()).isEqualTo(app);
        assertThat(first.path("UserId").asLong()).isEqualTo(1);
        assertThat(first.path("RequestId").asText()).isEqualTo(registered.metadata().path("RequestId").asText());
        assertThat(first.path("Before").isNull()).isTrue();
        JsonNode after = first.path("After");
        assertThat(after.path("NickName").asText()).isEqualTo("ann");
        assertThat(after.path("Tags").toString()).isEqualTo("[\"a\"]");
        assertThat(after.path("Ext").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(first.path("Time").asLong()).isEqualTo(after.path("ModifyTime").asLong());

        // The After of each event is the Before of the next, and is what BatchGetUser answered then.
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).path("Before")).isEqualTo(events.get(i - 1).path("After"));
            assertThat(events.get(i).path("Sequence").asLong()).isGreaterThan(events.get(i - 1).path("Sequence").asLong());
        }
        assertThat(events.get(1).path("After").path("NickName").asText()).isEqualTo("anna");
        assertThat(events.get(2).path("After").path("Tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(events.get(3).path("After").path("NickName").asText()).isEqualTo("anne");
        assertThat(events.get(4).path("After").isNull()).isTrue();
        assertThat(events.get(4).path("Before").path("NickName").asText()).isEqualTo("anne");
    }

    @Test
    void the_after_profile_is_what_batch_get_user_returns() {
        call("RegisterUsers", "{\"AppId\":302,\"Users\":[{\"UserId\":5,\"NickName\":\"é 名\",\"Portrait\":\"p\","
                + "\"Tags\":[\"z\",\"a\"],\"Ext\":{\"b\":\"1\",\"a\":\"2\"},\"IsRobot\":true}]}");
        JsonNode stored = call("BatchGetUser", "{\"AppId\":302,\"UserIds\":[5]}").result().path("Users").get(0);
        assertThat(events(302, 10).get(0).path("After")).isEqualTo(stored);
    }

    @Test
    void a_write_that_changes_nothing_writes_no_event() {
        call("RegisterUsers", "{\"AppId\":303,\"Users\":[{\"UserId\":1,\"NickName\":\"same\",\"Tags\":[\"t\"]}]}");
        call("RegisterUsers", "{\"AppId\":303,\"Users\":[{\"UserId\":1,\"NickName\":\"same\",\"Tags\":[\"t\"]}]}");
        call("BatchUpdateUser", "{\"AppId\":303,\"Users\":[{\"UserId\":1,\"NickName\":\"same\"}]}");
        call("BatchUpdateUserTags", "{\"AppId\":303,\"UserIds\":[1],\"Tags\":[\"t\"]}");
        call("BatchUpdateUserTags", "{\"AppId\":303,\"UserIds\":[1],\"Tags\":[\"absent\"],\"Op\":1}");
        call("UnRegisterUsers", "{\"AppId\":303,\"UserIds\":[2]}");
        String tooLong = "x".repeat(200); // refused for that user, so nothing changes
        call("BatchUpdateUser", "{\"AppId\":303,\"Users\":[{\"UserId\":1,\"NickName\":\"" + tooLong + "\"}]}");
        assertThat(events(303, 10)).hasSize(1);
    }

    @Test
    void reset_app_writes_an_unregistered_event_per_user() {
        call("RegisterUsers", "{\"AppId\":304,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
        ApiResponse reset = SERVER.client().callRoster("ResetApp", "{\"AppId\":304}");
        assertThat(reset.status()).isEqualTo(200);
        List<JsonNode> events = events(304, 10);
        assertThat(events).hasSize(6);
        assertThat(events.subList(3, 6)).allSatisfy(e -> {
            assertThat(e.path("Type").asText()).isEqualTo("user.unregistered");
            assertThat(e.path("Action").asText()).isEqualTo("ResetApp");
            assertThat(e.path("After").isNull()).isTrue();
        });
        assertThat(events.subList(3, 6)).extracting(e -> e.path("UserId").asLong()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void the_feed_pages_with_after_and_limit_and_keeps_apps_apart() {
        for (int first : new int[] {1, 21}) {
            StringBuilder users = new StringBuilder();
            for (int id = first; id <= Math.min(25, first + 19); id++) {
                users.append(id == first ? "" : ",").append("{\"UserId\":").append(id).append('}');
            }
            call("RegisterUsers", "{\"AppId\":305,\"Users\":[" + users + "]}");
        }
        call("RegisterUsers", "{\"AppId\":306,\"Users\":[{\"UserId\":1}]}");
        List<JsonNode> byTen = events(305, 10);
        assertThat(byTen).extracting(e -> e.path("UserId").asLong()).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        assertThat(events(305, 1000)).isEqualTo(byTen);
        assertThat(events(306, 3)).hasSize(1);

        ApiResponse first = listEvents(SERVER.client(), "{\"AppId\":305}");
        assertThat(first.result().path("Events")).hasSize(25); // the default Limit is 100
        long middle = byTen.get(9).path("Sequence").asLong();
        ApiResponse rest = listEvents(SERVER.client(), "{\"AppId\":305,\"After\":" + middle + ",\"Limit\":5}");
        assertThat(rest.result().path("Events").get(0)).isEqualTo(byTen.get(10));
        assertThat(rest.result().path("NextCursor").asLong()).isEqualTo(byTen.get(14).path("Sequence").asLong());
    }

    @Test
    void newest_answers_the_latest_events_newest_first_and_a_cursor_to_follow_on_from() {
        assertThat(listEvents(SERVER.client(), "{\"AppId\":309,\"Newest\":true}").result().path("NextCursor").asLong())
                .isZero();
        for (int id = 1; id <= 8; id++) {
            call("RegisterUsers", "{\"AppId\":309,\"Users\":[{\"UserId\":" + id + "}]}");
        }
        List<JsonNode> all = events(309, 100);
        ApiResponse newest = listEvents(SERVER.client(), "{\"AppId\":309,\"Newest\":true,\"Limit\":3}");
        assertThat(newest.result().path("Events")).containsExactly(all.get(7), all.get(6), all.get(5));
        long cursor = newest.result().path("NextCursor").asLong();
        assertThat(cursor).isEqualTo(all.get(7).path("Sequence").asLong());
        call("RegisterUsers", "{\"AppId\":309,\"Users\":[{\"UserId\":9}]}");
        ApiResponse following = listEvents(SERVER.client(), "{\"AppId\":309,\"After\":" + cursor + "}");
        assertThat(following.result().path("Events")).extracting(e -> e.path("UserId").asLong()).containsExactly(9L);
        assertThat(listEvents(SERVER.client(), "{\"AppId\":309,\"Newest\":false,\"Limit\":2}").result()
                .path("Events")).containsExactly(all.get(0), all.get(1));
        ApiResponse both = listEvents(SERVER.client(), "{\"AppId\":309,\"Newest\":true,\"After\":1}");
        assertThat(both.errorCode()).isEqualTo("InvalidParam");
        assertThat(both.errorMessage()).startsWith("After:");
        assertThat(listEvents(SERVER.client(), "{\"AppId\":309,\"Newest\":1}").errorCode()).isEqualTo("InvalidParam");
    }

    @Test
    void bad_requests_get_invalid_param_and_another_apps_key_gets_no_auth() {
        assertThat(listEvents(SERVER.client(), "{\"AppId\":307,\"Limit\":0}").errorCode()).isEqualTo("InvalidParam");
        assertThat(listEvents(SERVER.client(), "{\"AppId\":307,\"Limit\":1001}").errorCode()).isEqualTo("InvalidParam");
        assertThat(listEvents(SERVER.client(), "{\"AppId\":307,\"After\":-1}").errorCode()).isEqualTo("InvalidParam");
        assertThat(listEvents(SERVER.client(), "{\"AppId\":307,\"After\":\"5\"}").errorCode()).isEqualTo("InvalidParam");
        assertThat(listEvents(SERVER.client(), "{}").errorCode()).isEqualTo("InvalidParam");
        assertThat(SERVER.client().call("ListUserEvents", "{\"AppId\":307}").errorCode())
                .isEqualTo("InvalidActionOrVersion");

        call("RegisterUsers", "{\"AppId\":308,\"Users\":[{\"UserId\":1}]}");
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--apps", "307");
        ApiClient scoped = SERVER.client().signingWith(new TestSigner(new Credentials(key[0], key[1])));
        ApiResponse other = listEvents(scoped, "{\"AppId\":308}");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.errorCode()).isEqualTo("NoAuth");
        ApiResponse own = listEvents(scoped, "{\"AppId\":307}");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.result().path("Events")).isEmpty();
        assertThat(own.result().path("NextCursor").asLong()).isZero();
    }
}
