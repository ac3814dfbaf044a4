package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.cli.CommandTestSupport.Result;
import dev.roster.testing.PostgresServer;
import dev.roster.testing.RosterServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command-line client against a live server, with the credentials the Volcengine SDKs use. */
class ClientCommandsTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;


    private Map<String, String> sdkEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("VOLC_ACCESSKEY", RosterServerExtension.ROOT.accessKeyId());
        env.put("VOLC_SECRETKEY", RosterServerExtension.ROOT.secretAccessKey());
        env.put("ROSTER_ENDPOINT", SERVER.roster().url().toString());
        env.put("HOME", home.toString());
        return env;
    }

    private Result run(String... args) {
        return run(sdkEnvironment(), args);
    }

    private static Result run(Map<String, String> env, String... args) {
        return CommandTestSupport.run(env, args);
    }

    @Test
    void register_update_get_tags_and_unregister_with_tables_and_exit_codes() throws Exception {
        Result register = run("users", "register", "--app", "61", "--user", "10001", "--user", "10002", "--nick", "Alice",
                "--tag", "vip", "--ext", "level=3");
        assertThat(register.exit()).as(register.err()).isZero();
        assertThat(register.out()).isEqualTo("registered: 2 of 2 users\n");

        Result update = run("users", "update", "--app", "61", "--user", "10001", "--nick", "Alicia", "--ext", "city=Paris");
        assertThat(update.exit()).as(update.err()).isZero();
        assertThat(update.out()).contains("updated: 1 of 1 users");

        Result table = run("users", "get", "--app", "61", "--user", "10001", "--user", "10003");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().toList().get(0)).startsWith("UserId").contains("NickName", "Tags", "Ext");
        assertThat(table.out()).contains("10001", "Alicia", "vip", "level=3,city=Paris", "not registered: 10003");

        Result json = run("users", "get", "--app", "61", "--user", "10002", "--json");
        assertThat(json.exit()).isZero();
        JsonNode result = JSON.readTree(json.out());
        assertThat(result.path("Users").get(0).path("NickName").asText()).isEqualTo("Alice");
        assertThat(result.path("Users").get(0).path("Tags").get(0).asText()).isEqualTo("vip");

        Result tags = run("users", "tags", "--app", "61", "--user", "10001", "--user", "10002", "--add", "gold");
        assertThat(tags.exit()).as(tags.err()).isZero();
        assertThat(tags.out()).contains("tags added: 2 of 2 users");
        Result removed = run("users", "tags", "--app", "61", "--user", "10001", "--remove", "vip", "--json");
        assertThat(removed.exit()).isZero();
        assertThat(JSON.readTree(removed.out()).isObject()).isTrue();
        assertThat(run("users", "get", "--app", "61", "--user", "10001", "--json").out()).contains("gold")
                .doesNotContain("vip");

        Result unregister = run("users", "unregister", "--app", "61", "--user", "10002");
        assertThat(unregister.exit()).isZero();
        assertThat(unregister.out()).contains("unregistered: 1 of 1 users");
        assertThat(run("users", "get", "--app", "61", "--user", "10002").out()).contains("not registered: 10002");
    }

    @Test
    void a_per_user_failure_prints_its_code_and_message_and_exits_1() {
        Result partly = run("users", "update", "--app", "62", "--user", "77", "--nick", "nobody");
        assertThat(partly.exit()).isEqualTo(1);
        assertThat(partly.out()).contains("updated: 0 of 1 users");
        assertThat(partly.err()).contains("1 failed:", "77", "UserNotFound");
    }

    @Test
    void a_request_error_prints_code_message_and_request_id_and_exits_1() {
        Map<String, String> env = sdkEnvironment();
        env.put("VOLC_SECRETKEY", "not-the-secret-0123456789");
        Result wrongKey = run(env, "users", "get", "--app", "1", "--user", "1");
        assertThat(wrongKey.exit()).isEqualTo(1);
        assertThat(wrongKey.err()).contains("roster: SignatureDoesNotMatch: ", "(RequestId ");

        Result tooLong = run("users", "register", "--app", "1", "--user", "1", "--nick", "x".repeat(101));
        assertThat(tooLong.exit()).isEqualTo(1);
        assertThat(tooLong.err()).contains("InvalidParam");
    }

    @Test
    void usage_errors_exit_2() {
        assertThat(run("users", "get", "--app", "1").exit()).isEqualTo(2);
        assertThat(run("users", "register", "--user", "1").exit()).isEqualTo(2);
        assertThat(run("users", "tags", "--app", "1", "--user", "1").exit()).isEqualTo(2);
        assertThat(run("users", "tags", "--app", "1", "--user", "1", "--add", "a", "--remove", "b").exit()).isEqualTo(2);
        assertThat(run("users", "update", "--app", "x", "--user", "1").exit()).isEqualTo(2);
    }

    @Test
    void credentials_come_from_the_sdk_config_file_when_the_variables_are_unset() throws Exception {
        Map<String, String> env = sdkEnvironment();
        env.remove("VOLC_ACCESSKEY");
        env.remove("VOLC_SECRETKEY");
        Result none = run(env, "users", "get", "--app", "1", "--user", "1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("no access key: set VOLC_ACCESSKEY and VOLC_SECRETKEY",
                home.resolve(".volc/config").toString());

        Files.createDirectories(home.resolve(".volc"));
        Files.writeString(home.resolve(".volc/config"), "{\"ak\": \"" + RosterServerExtension.ROOT.accessKeyId()
                + "\", \"sk\": \"" + RosterServerExtension.ROOT.secretAccessKey() + "\"}");
        Result fromFile = run(env, "users", "get", "--app", "1", "--user", "1");
        assertThat(fromFile.exit()).as(fromFile.err()).isZero();
        assertThat(fromFile.out()).contains("not registered: 1");

        env.put("VOLC_ACCESSKEY", "AKLTshort");
        env.put("VOLC_SECRETKEY", "short");
        Result invalid = run(env, "users", "get", "--app", "1", "--user", "1");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err()).isEqualTo("roster: VOLC_ACCESSKEY and VOLC_SECRETKEY: a secret access key has at least"
                + " 8 characters\n");
        env.remove("VOLC_SECRETKEY");

        env.put("VOLC_ACCESSKEY", "AKLTonlyhalf");
        Result half = run(env, "users", "get", "--app", "1", "--user", "1");
        assertThat(half.exit()).isEqualTo(1);
        assertThat(half.err()).contains("VOLC_ACCESSKEY and VOLC_SECRETKEY must be set together");
    }

    @Test
    void call_sends_any_action_and_prints_the_whole_answer() throws Exception {
        Path body = home.resolve("body.json");
        Files.writeString(body, "{\"AppId\":63,\"Users\":[{\"UserId\":5,\"NickName\":\"Bob\"}]}");
        Result register = run("call", "RegisterUsers", "--body", "@" + body);
        assertThat(register.exit()).as(register.err()).isZero();
        assertThat(JSON.readTree(register.out()).path("ResponseMetadata").path("Action").asText())
                .isEqualTo("RegisterUsers");

        Result get = run("call", "BatchGetUser", "--body", "{\"AppId\":63,\"UserIds\":[5]}");
        assertThat(get.exit()).isZero();
        assertThat(JSON.readTree(get.out()).path("Result").path("Users").get(0).path("NickName").asText())
                .isEqualTo("Bob");

        Result failed = run("call", "BatchUpdateUser", "--body", "{\"AppId\":63,\"Users\":[{\"UserId\":6}]}");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("UserNotFound");

        Result error = run("call", "BatchGetUser", "--version", "2026-11-01", "--body", "{}");
        assertThat(error.exit()).isEqualTo(1);
        assertThat(JSON.readTree(error.out()).path("ResponseMetadata").path("Error").path("Code").asText())
                .isEqualTo("InvalidActionOrVersion");
        assertThat(error.err()).contains("InvalidActionOrVersion");
    }

    @Test
    void no_server_is_an_error_that_names_the_endpoint() {
        Map<String, String> env = sdkEnvironment();
        env.put("ROSTER_ENDPOINT", "http://127.0.0.1:1");
        Result run = run(env, "users", "get", "--app", "1", "--user", "1");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no answer from http://127.0.0.1:1");
    }

    @Test
    void the_store_reader_does_not_create_or_migrate_a_postgresql_schema() throws Exception {
        String url = PostgresServer.shared().newDatabase();
        Result run = run(Map.of(), "users", "get", "--app", "1", "--user", "1", "--database-url", url,
                "--database-user", PostgresServer.USER);
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no Roster data in the database at");
        try (Connection connection = DriverManager.getConnection(url, PostgresServer.USER, null);
                ResultSet tables = connection.getMetaData().getTables(null, "public", "%", new String[] {"TABLE"})) {
            assertThat(tables.next()).as("no table was created").isFalse();
        }
    }

    @Test
    void the_store_reader_does_not_create_a_store_that_does_not_exist() {
        Path missing = home.resolve("no-such-data");
        Result run = run(Map.of(), "users", "get", "--app", "1", "--user", "1", "--data-dir", missing.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no Roster data in " + missing);
        assertThat(missing).doesNotExist();
    }
}
