package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The semantics of the five Actions of decisions.md, over real HTTP against the embedded store. */
@Tag("behaviour")
class UserActionsHttpTest {
    private static final AtomicInteger APPS = new AtomicInteger(100);

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    /** Each test works in an AppId of its own, so tests never see each other's users. */
    private int app;

    @BeforeEach
    void freshApp() {
        app = APPS.incrementAndGet();
    }

    private ApiResponse call(String action, String json) {
        ApiResponse r = SERVER.client().call(action, json.replace("APP", Integer.toString(app)));
        assertThat(r.status()).as("%s", r).isIn(200, 400);
        return r;
    }

    private ApiResponse ok(String action, String json) {
        ApiResponse r = call(action, json);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.errorCode()).isNull();
        return r;
    }

    private JsonNode user(long userId) {
        JsonNode users = ok("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[" + userId + "]}").result().get("Users");
        assertThat(users).as("user %d is registered", userId).hasSize(1);
        return users.get(0);
    }

    private static void tick() throws InterruptedException {
        Thread.sleep(3); // so that a later write gets a later millisecond
    }

    private static String usersJson(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "{\"UserId\":" + i + "}").collect(Collectors.joining(","));
    }

    private static String idsJson(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    @Nested
    class RegisterUsers {
        @Test
        void registers_users_with_every_field_and_answers_an_empty_result() {
            ApiResponse r = ok("RegisterUsers", """
                    {"AppId":APP,"Users":[{"UserId":1,"NickName":"Ann","Portrait":"https://p/a.png",
                      "Tags":["vip","cn","vip"],"Ext":{"lang":"en","gone":""},"IsRobot":true}]}""");
            assertThat(r.result().isObject()).isTrue();
            assertThat(r.result().size()).as("no FailedInfos when nothing failed").isZero();

            JsonNode u = user(1);
            assertThat(u.get("AppId").asInt()).isEqualTo(app);
            assertThat(u.get("UserId").isIntegralNumber()).isTrue();
            assertThat(u.get("NickName").asText()).isEqualTo("Ann");
            assertThat(u.get("Portrait").asText()).isEqualTo("https://p/a.png");
            assertThat(u.get("Tags")).hasToString("[\"vip\",\"cn\"]");
            assertThat(u.get("Ext")).hasToString("{\"lang\":\"en\"}");
            assertThat(u.get("IsRobot").asBoolean()).isTrue();
            assertThat(u.get("CreateTime").asLong()).isEqualTo(u.get("ModifyTime").asLong())
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        }

        @Test
        void absent_and_null_fields_take_their_defaults() {
            ok("RegisterUsers", """
                    {"AppId":APP,"Users":[{"UserId":2,"NickName":null,"Tags":null,"Ext":null,"IsRobot":null}]}""");
            JsonNode u = user(2);
            assertThat(u.get("NickName").asText()).isEmpty();
            assertThat(u.get("Portrait").asText()).isEmpty();
            assertThat(u.get("Tags")).isEmpty();
            assertThat(u.get("Ext")).isEmpty();
            assertThat(u.get("IsRobot").asBoolean()).isFalse();
        }

        @Test
        void registering_again_replaces_the_profile_and_keeps_create_time() throws Exception {
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":3,\"NickName\":\"a\",\"Tags\":[\"t\"],\"Ext\":{\"k\":\"v\"}}]}");
            JsonNode before = user(3);
            tick();
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":3,\"Portrait\":\"p\"}]}");
            JsonNode after = user(3);
            assertThat(after.get("NickName").asText()).isEmpty();
            assertThat(after.get("Portrait").asText()).isEqualTo("p");
            assertThat(after.get("Tags")).isEmpty();
            assertThat(after.get("Ext")).isEmpty();
            assertThat(after.get("CreateTime")).isEqualTo(before.get("CreateTime"));
            assertThat(after.get("ModifyTime").asLong()).isGreaterThan(before.get("ModifyTime").asLong());
        }

        @Test
        void retrying_the_same_registration_changes_nothing() throws Exception {
            String body = "{\"AppId\":APP,\"Users\":[{\"UserId\":4,\"NickName\":\"same\"}]}";
            ok("RegisterUsers", body);
            JsonNode before = user(4);
            tick();
            ok("RegisterUsers", body);
            assertThat(user(4)).isEqualTo(before);
        }

        @Test
        void twenty_users_are_accepted_and_twenty_one_refused() {
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[" + usersJson(20) + "]}");
            ApiResponse r = call("RegisterUsers", "{\"AppId\":APP,\"Users\":[" + usersJson(21) + "]}");
            assertThat(r.errorCode()).isEqualTo("InvalidParam");
            assertThat(r.errorMessage()).isEqualTo("Users: must hold 1 to 20 items, got 21");
        }

        @Test
        void a_user_with_a_field_over_its_limit_fails_alone_and_is_not_written() {
            ApiResponse r = ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":5,\"NickName\":\""
                    + "n".repeat(101) + "\"},{\"UserId\":6}]}");
            assertThat(r.failedInfos()).hasToString("[{\"UserId\":5,\"Code\":\"InvalidParam\","
                    + "\"Message\":\"NickName: at most 100 characters, got 101\"}]");
            assertThat(ok("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[5,6]}").result().get("NotFoundUsers"))
                    .hasToString("[5]");
        }

        @Test
        void unknown_fields_are_ignored() {
            ok("RegisterUsers", "{\"AppId\":APP,\"Future\":{\"x\":1},\"Users\":[{\"UserId\":7,\"Unknown\":[1,2]}]}");
            assertThat(user(7).get("UserId").asLong()).isEqualTo(7);
        }
    }

    @Nested
    class BatchUpdateUser {
        @BeforeEach
        void registerOne() {
            ok("RegisterUsers", """
                    {"AppId":APP,"Users":[{"UserId":1,"NickName":"Ann","Portrait":"p0","Tags":["a","b"],
                      "Ext":{"k1":"v1","k2":"v2"}}]}""");
        }

        @Test
        void what_the_go_sdk_sends_for_unset_fields_changes_nothing() throws Exception {
            JsonNode before = user(1);
            tick();
            ApiResponse r = ok("BatchUpdateUser", """
                    {"AppId":APP,"Users":[{"UserId":1,"NickName":"","Portrait":"","Tags":null,"Ext":null}]}""");
            assertThat(r.failedInfos()).isNull();
            assertThat(user(1)).as("no field and no ModifyTime moved").isEqualTo(before);
        }

        @Test
        void nick_name_and_portrait_are_replaced_when_not_empty() throws Exception {
            JsonNode before = user(1);
            tick();
            ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"NickName\":\"Bea\"}]}");
            JsonNode after = user(1);
            assertThat(after.get("NickName").asText()).isEqualTo("Bea");
            assertThat(after.get("Portrait").asText()).isEqualTo("p0");
            assertThat(after.get("ModifyTime").asLong()).isGreaterThan(before.get("ModifyTime").asLong());
            assertThat(after.get("CreateTime")).isEqualTo(before.get("CreateTime"));
        }

        @Test
        void tags_replace_the_list_and_an_empty_list_clears_it() {
            ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"Tags\":[\"c\",\"a\",\"c\"]}]}");
            assertThat(user(1).get("Tags")).hasToString("[\"c\",\"a\"]");
            ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"Tags\":[]}]}");
            assertThat(user(1).get("Tags")).isEmpty();
        }

        @Test
        void ext_merges_and_an_empty_value_removes_a_key() {
            ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"Ext\":{\"k1\":\"new\",\"k2\":\"\",\"k3\":\"v3\"}}]}");
            JsonNode ext = user(1).get("Ext");
            assertThat(ext.size()).isEqualTo(2);
            assertThat(ext.get("k1").asText()).isEqualTo("new");
            assertThat(ext.get("k3").asText()).isEqualTo("v3");
        }

        @Test
        void an_unregistered_user_fails_alone_and_the_others_are_applied() {
            ApiResponse r = ok("BatchUpdateUser", """
                    {"AppId":APP,"Users":[{"UserId":99,"NickName":"x"},{"UserId":1,"NickName":"Cid"}]}""");
            assertThat(r.failedInfos()).hasToString(
                    "[{\"UserId\":99,\"Code\":\"UserNotFound\",\"Message\":\"user not registered\"}]");
            assertThat(user(1).get("NickName").asText()).isEqualTo("Cid");
        }

        @Test
        void a_user_with_one_invalid_field_is_not_partly_written() throws Exception {
            JsonNode before = user(1);
            tick();
            ApiResponse r = ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"NickName\":\"ok\","
                    + "\"Tags\":[\"fine\"],\"Ext\":{\"k\":\"" + "v".repeat(501) + "\"}}]}");
            assertThat(r.failedInfos().get(0).get("Message").asText())
                    .isEqualTo("Ext[\"k\"]: value at most 500 bytes, got 501");
            assertThat(user(1)).isEqualTo(before);
        }

        @Test
        void ext_may_not_grow_past_twenty_keys_by_merging() {
            String keys = IntStream.range(0, 19).mapToObj(i -> "\"x" + i + "\":\"v\"").collect(Collectors.joining(","));
            ApiResponse r = ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"Ext\":{" + keys + "}}]}");
            assertThat(r.failedInfos().get(0).get("Message").asText())
                    .isEqualTo("Ext: at most 20 keys after merging, got 21");
            assertThat(user(1).get("Ext").size()).isEqualTo(2);
        }

        @Test
        void is_robot_is_not_part_of_this_action_and_is_ignored() {
            ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"IsRobot\":true}]}");
            assertThat(user(1).get("IsRobot").asBoolean()).isFalse();
        }

        @Test
        void at_most_ten_users_per_call() {
            ApiResponse r = call("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[" + usersJson(11) + "]}");
            assertThat(r.errorMessage()).isEqualTo("Users: must hold 1 to 10 items, got 11");
            assertThat(ok("BatchUpdateUser", "{\"AppId\":APP,\"Users\":[" + usersJson(10) + "]}").failedInfos())
                    .hasSize(9);
        }
    }

    @Nested
    class BatchGetUser {
        @Test
        void returns_users_in_request_order_once_and_lists_the_rest_as_not_found() {
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}");
            JsonNode result = ok("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[3,9,1,3,8,9]}").result();
            assertThat(result.get("Users").findValuesAsText("UserId")).containsExactly("3", "1");
            assertThat(result.get("NotFoundUsers")).hasToString("[9,8]");
        }

        @Test
        void both_lists_are_present_even_when_empty() {
            JsonNode result = ok("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[1]}").result();
            assertThat(result.get("Users")).isEmpty();
            assertThat(result.get("NotFoundUsers")).hasToString("[1]");
        }

        @Test
        void fifty_ids_are_accepted_and_fifty_one_refused() {
            ok("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[" + idsJson(50) + "]}");
            assertThat(call("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[" + idsJson(51) + "]}").errorMessage())
                    .isEqualTo("UserIds: must hold 1 to 50 items, got 51");
        }
    }

    @Nested
    class UnRegisterUsers {
        @Test
        void removes_users_and_reports_unknown_ones() {
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":1},{\"UserId\":2}]}");
            ApiResponse r = ok("UnRegisterUsers", "{\"AppId\":APP,\"UserIds\":[1,7]}");
            assertThat(r.failedInfos()).hasToString(
                    "[{\"UserId\":7,\"Code\":\"UserNotFound\",\"Message\":\"user not registered\"}]");
            assertThat(ok("BatchGetUser", "{\"AppId\":APP,\"UserIds\":[1,2]}").result().get("NotFoundUsers"))
                    .hasToString("[1]");
        }

        @Test
        void a_removed_user_can_register_again_with_a_new_create_time() throws Exception {
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"NickName\":\"old\"}]}");
            JsonNode before = user(1);
            ok("UnRegisterUsers", "{\"AppId\":APP,\"UserIds\":[1]}");
            tick();
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":1}]}");
            JsonNode after = user(1);
            assertThat(after.get("NickName").asText()).isEmpty();
            assertThat(after.get("CreateTime").asLong()).isGreaterThan(before.get("CreateTime").asLong());
        }

        @Test
        void at_most_ten_ids_per_call() {
            assertThat(ok("UnRegisterUsers", "{\"AppId\":APP,\"UserIds\":[" + idsJson(10) + "]}").failedInfos())
                    .hasSize(10);
        }
    }

    @Nested
    class BatchUpdateUserTags {
        @BeforeEach
        void registerTwo() {
            ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"Tags\":[\"a\"]},{\"UserId\":2}]}");
        }

        @Test
        void op_zero_is_the_default_and_adds_tags_not_yet_present() {
            ok("BatchUpdateUserTags", "{\"AppId\":APP,\"UserIds\":[1,2],\"Tags\":[\"b\",\"a\"]}");
            assertThat(user(1).get("Tags")).hasToString("[\"a\",\"b\"]");
            assertThat(user(2).get("Tags")).hasToString("[\"b\",\"a\"]");
        }

        @Test
        void op_one_removes_tags_and_ignores_absent_ones() {
            ok("BatchUpdateUserTags", "{\"AppId\":APP,\"UserIds\":[1,2],\"Tags\":[\"a\",\"zz\"],\"Op\":1}");
            assertThat(user(1).get("Tags")).isEmpty();
        }

        @Test
        void an_empty_tag_list_changes_nothing() throws Exception {
            JsonNode before = user(1);
            tick();
            ok("BatchUpdateUserTags", "{\"AppId\":APP,\"UserIds\":[1],\"Tags\":[]}");
            assertThat(user(1)).isEqualTo(before);
        }

        @Test
        void a_user_that_would_pass_one_hundred_tags_is_refused_and_unchanged() {
            String many = IntStream.range(0, 100).mapToObj(i -> "\"t" + i + "\"").collect(Collectors.joining(","));
            ApiResponse r = ok("BatchUpdateUserTags", "{\"AppId\":APP,\"UserIds\":[1,2],\"Tags\":[" + many + "]}");
            assertThat(r.failedInfos()).hasToString("[{\"UserId\":1,\"Code\":\"TagLimitExceeded\","
                    + "\"Message\":\"user would have 101 tags; at most 100 are allowed\"}]");
            assertThat(user(1).get("Tags")).hasSize(1);
            assertThat(user(2).get("Tags")).hasSize(100);
        }
    }

    @Test
    void the_same_user_id_in_two_apps_is_two_users() {
        int other = APPS.incrementAndGet();
        ok("RegisterUsers", "{\"AppId\":APP,\"Users\":[{\"UserId\":1,\"NickName\":\"here\"}]}");
        ApiClient client = SERVER.client();
        ApiResponse there = client.call("BatchGetUser", "{\"AppId\":" + other + ",\"UserIds\":[1]}");
        assertThat(there.result().get("NotFoundUsers")).hasToString("[1]");
    }
}
