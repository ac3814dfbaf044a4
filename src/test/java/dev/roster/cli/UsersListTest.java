package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.cli.CommandTestSupport.Result;
import dev.roster.testing.RosterServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code roster users list} through the API: ListUsers' filters, every page, JSON Lines or a table. */
class UsersListTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int APP = 91;
    private static final int BIG_APP = 92;
    private static final int BIG_APP_USERS = 250;

    @BeforeAll
    static void registerUsers() {
        register(APP, "{\"UserId\":1,\"NickName\":\"Zoë\",\"Tags\":[\"vip\",\"gold\"]}",
                "{\"UserId\":2,\"NickName\":\"zoe\",\"Tags\":[\"vip\"]}",
                "{\"UserId\":3,\"NickName\":\"ZOË-3\",\"Tags\":[\"gold\"]}",
                "{\"UserId\":4,\"NickName\":\"Straße\"}",
                "{\"UserId\":5,\"NickName\":\"STRASSE\",\"Tags\":[\"vip\",\"gold\",\"x\"]}");
        for (long first = 1; first <= BIG_APP_USERS; first += 20) {
            register(BIG_APP, LongStream.range(first, Math.min(first + 20, BIG_APP_USERS + 1))
                    .mapToObj(id -> "{\"UserId\":" + id + ",\"Tags\":[\"" + (id % 2 == 0 ? "even" : "odd") + "\"]}")
                    .toArray(String[]::new));
        }
    }

    private static void register(int appId, String... users) {
        var answer = SERVER.client().call("RegisterUsers",
                "{\"AppId\":" + appId + ",\"Users\":[" + String.join(",", users) + "]}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.result().path("FailedInfos")).as(answer.toString()).isEmpty();
    }

    private static Map<String, String> sdk(String ak, String sk) {
        Map<String, String> env = new HashMap<>();
        env.put("VOLC_ACCESSKEY", ak);
        env.put("VOLC_SECRETKEY", sk);
        env.put("ROSTER_ENDPOINT", SERVER.roster().url().toString());
        return env;
    }

    private static Result run(String... args) {
        return CommandTestSupport.run(sdk(RosterServerExtension.ROOT.accessKeyId(),
                RosterServerExtension.ROOT.secretAccessKey()), args);
    }

    /** The user ids of {@code users list --json ARGS}, which must succeed and print one JSON object a line. */
    private static List<Long> ids(String... args) {
        List<String> all = new ArrayList<>(List.of("users", "list", "--json"));
        all.addAll(List.of(args));
        Result r = run(all.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().lines().map(UsersListTest::parse).map(user -> user.path("UserId").asLong()).toList();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode user = JSON.readTree(line);
            assertThat(user.isObject()).as(line).isTrue();
            return user;
        } catch (Exception e) {
            throw new AssertionError("not a JSON object: " + line, e);
        }
    }

    @Test
    void tags_select_users_holding_all_of_them_or_any() {
        assertThat(ids("--app", "91")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids("--app", "91", "--tag", "vip", "--tag", "gold")).containsExactly(1L, 5L);
        assertThat(ids("--app", "91", "--tag", "vip", "--tag", "gold", "--match", "all")).containsExactly(1L, 5L);
        assertThat(ids("--app", "91", "--tag", "vip", "--tag", "gold", "--match", "any")).containsExactly(1L, 2L, 3L, 5L);
        assertThat(ids("--app", "91", "--tag", "none")).isEmpty();
    }

    @Test
    void the_nick_prefix_ignores_case_under_full_case_folding() {
        assertThat(ids("--app", "91", "--nick-prefix", "zoë")).containsExactly(1L, 3L);
        assertThat(ids("--app", "91", "--nick-prefix", "ZO")).containsExactly(1L, 2L, 3L);
        assertThat(ids("--app", "91", "--nick-prefix", "strass")).containsExactly(4L, 5L);
        assertThat(ids("--app", "91", "--nick-prefix", "zo", "--tag", "vip")).containsExactly(1L, 2L);
    }

    @Test
    void json_lines_hold_each_user_as_list_users_returns_it() {
        Result r = run("users", "list", "--app", "91", "--tag", "x", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode user = parse(r.out().strip());
        assertThat(user.path("AppId").asInt()).isEqualTo(91);
        assertThat(user.path("NickName").asText()).isEqualTo("STRASSE");
        assertThat(user.path("Tags")).hasSize(3);
        assertThat(user.has("Version")).isTrue();
        assertThat(user.has("ModifyTime")).isTrue();
    }

    @Test
    void the_table_has_a_header_and_a_row_per_user() {
        Result r = run("users", "list", "--app", "91", "--tag", "gold");
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).split("\\s{2,}")).containsExactly("UserId", "NickName", "Tags", "Version",
                "Modified (UTC)");
        assertThat(lines.get(1)).startsWith("1 ").contains("Zoë", "vip,gold");
        assertThat(lines.get(3)).startsWith("5 ").contains("STRASSE", "vip,gold,x");
        assertThat(lines.get(1).indexOf("Zoë")).isEqualTo(lines.get(0).indexOf("NickName"));
        assertThat(run("users", "list", "--app", "91", "--tag", "none").out()).isEmpty();
    }

    @Test
    void modified_after_keeps_the_users_changed_since() throws Exception {
        long latest = 0;
        Result all = run("users", "list", "--app", "91", "--json");
        for (String line : all.out().lines().toList()) {
            latest = Math.max(latest, parse(line).path("ModifyTime").asLong());
        }
        Thread.sleep(5);
        var update = SERVER.client().call("BatchUpdateUser", "{\"AppId\":91,\"Users\":[{\"UserId\":4,\"Portrait\":\"p\"}]}");
        assertThat(update.result().path("FailedInfos")).isEmpty();
        assertThat(ids("--app", "91", "--modified-after", Long.toString(latest))).containsExactly(4L);
    }

    @Test
    void every_page_is_walked_until_next_cursor_is_absent() {
        List<Long> everyone = LongStream.rangeClosed(1, BIG_APP_USERS).boxed().toList();
        assertThat(ids("--app", "92")).isEqualTo(everyone);
        assertThat(ids("--app", "92", "--page-size", "7")).isEqualTo(everyone);
        assertThat(ids("--app", "92", "--page-size", "7", "--tag", "even", "--modified-after", "0"))
                .isEqualTo(everyone.stream().filter(id -> id % 2 == 0).toList());
        assertThat(ids("--app", "92", "--page-size", "3", "--tag", "even", "--tag", "odd", "--match", "any"))
                .isEqualTo(everyone);
    }

    @Test
    void limit_caps_the_users_printed_in_all() {
        Result r = run("users", "list", "--app", "92", "--json", "--limit", "15", "--page-size", "7");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().lines().map(UsersListTest::parse).map(u -> u.path("UserId").asLong()).toList())
                .isEqualTo(LongStream.rangeClosed(1, 15).boxed().toList());
        assertThat(r.err()).contains("more users may follow: stopped at --limit 15");

        assertThat(ids("--app", "92", "--limit", "1000")).hasSize(BIG_APP_USERS);
        assertThat(run("users", "list", "--app", "92", "--limit", "1000").err()).isEmpty();
        assertThat(ids("--app", "91", "--tag", "vip", "--limit", "2")).containsExactly(1L, 2L);
    }

    @Test
    void an_api_error_exits_1_with_its_code_and_message() {
        String[] scoped = KeysCommandTestSupport.create(SERVER.keysArgs(), "--apps", "92");
        Result noAuth = CommandTestSupport.run(sdk(scoped[0], scoped[1]), "users", "list", "--app", "91");
        assertThat(noAuth.exit()).isEqualTo(1);
        assertThat(noAuth.err()).startsWith("roster: NoAuth: ").contains("(RequestId ");
        assertThat(noAuth.out()).isEmpty();

        Result tooLong = run("users", "list", "--app", "91", "--nick-prefix", "x".repeat(101));
        assertThat(tooLong.exit()).isEqualTo(1);
        assertThat(tooLong.err()).contains("InvalidParam", "NickNamePrefix");
    }

    @Test
    void usage_errors_exit_2() {
        assertThat(run("users", "list").exit()).isEqualTo(2);
        assertThat(run("users", "list", "--app", "91", "--match", "some").exit()).isEqualTo(2);
        assertThat(run("users", "list", "--app", "91", "--limit", "0").exit()).isEqualTo(2);
        assertThat(run("users", "list", "--app", "91", "--page-size", "1001").exit()).isEqualTo(2);
        assertThat(run("users", "list", "--app", "91", "--modified-after", "-1").exit()).isEqualTo(2);
        Result after = run("users", "list", "--app", "91", "--after", "3");
        assertThat(after.exit()).isEqualTo(2);
        assertThat(after.err()).contains("--after reads a store");
    }
}
