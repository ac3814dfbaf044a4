package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.cli.CommandTestSupport.Result;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roster export} from a store, {@code roster import} into another server: the same profiles. */
class TransferCommandsTest {
    @TempDir
    Path dir;

    private static Result run(Map<String, String> env, String... args) {
        return CommandTestSupport.run(env, args);
    }

    private Roster start(String name, UnaryOperator<RosterConfig.Builder> customize) throws Exception {
        return Roster.start(customize.apply(RosterConfig.builder().host("127.0.0.1").port(0)
                .dataDir(dir.resolve(name)).rootKey(RosterServerExtension.ROOT)).build());
    }

    private static Map<String, String> sdk(Roster server, String ak, String sk) {
        Map<String, String> env = new HashMap<>();
        env.put("VOLC_ACCESSKEY", ak);
        env.put("VOLC_SECRETKEY", sk);
        env.put("ROSTER_ENDPOINT", server.url().toString());
        return env;
    }

    private static Map<String, String> root(Roster server) {
        return sdk(server, RosterServerExtension.ROOT.accessKeyId(), RosterServerExtension.ROOT.secretAccessKey());
    }

    private static ApiClient client(Roster server) {
        return new ApiClient(server.url(), new TestSigner(RosterServerExtension.ROOT));
    }

    private static JsonNode users(Roster server, int appId, List<Long> ids) {
        ApiResponse r = client(server).call("BatchGetUser", "{\"AppId\":" + appId + ",\"UserIds\":" + ids + "}");
        assertThat(r.status()).isEqualTo(200);
        return r.result().path("Users");
    }

    @Test
    void export_then_import_into_an_empty_server_gives_the_same_profiles() throws Exception {
        Path file = dir.resolve("app81.ndjson");
        List<Long> ids = new ArrayList<>();
        JsonNode before;
        try (Roster source = start("source", UnaryOperator.identity())) {
            for (long id = 1; id <= 45; id++) {
                ids.add(id);
                String user = "{\"UserId\":" + id + ",\"NickName\":\"Zoë " + id + " \\\"q\\\"\",\"Portrait\":\"https://p/" + id
                        + "\",\"Tags\":[\"t" + (id % 3) + "\",\"vip\"],\"Ext\":{\"level\":\"" + id + "\",\"城市\":\"上海\"},"
                        + "\"IsRobot\":" + (id % 5 == 0) + "}";
                assertThat(client(source).call("RegisterUsers", "{\"AppId\":81,\"Users\":[" + user + "]}").status())
                        .isEqualTo(200);
            }
            before = users(source, 81, ids);
            Result export = run(Map.of(), "export", "--app", "81", "--data-dir", dir.resolve("source").toString(),
                    "--to", file.toString());
            assertThat(export.exit()).as(export.err()).isZero();
            assertThat(export.err()).contains("exported 45 users of app 81");
        }
        assertThat(Files.readAllLines(file)).hasSize(45).allSatisfy(line -> assertThat(line)
                .contains("\"AppId\":81", "\"CreateTime\":", "\"ModifyTime\":"));

        try (Roster target = start("target", UnaryOperator.identity())) {
            Result imported = run(root(target), "import", file.toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("45 users sent, 45 registered, 0 failed, 0 skipped");
            JsonNode after = users(target, 81, ids);
            assertThat(after).hasSize(45);
            for (int i = 0; i < 45; i++) {
                for (String field : List.of("UserId", "NickName", "Portrait", "Tags", "Ext", "IsRobot")) {
                    assertThat(after.get(i).path(field)).as(field + " of user " + ids.get(i))
                            .isEqualTo(before.get(i).path(field));
                }
            }
            assertThat(Files.exists(dir.resolve("app81.ndjson.checkpoint"))).as("removed when done").isFalse();
        }
    }

    @Test
    void export_through_the_api_writes_the_store_export_s_file_and_import_reads_it_back() throws Exception {
        Path fromStore = dir.resolve("store.ndjson");
        Path fromApi = dir.resolve("api.ndjson");
        List<Long> ids = new ArrayList<>();
        JsonNode before;
        try (Roster source = start("source", UnaryOperator.identity())) {
            for (long id = 1; id <= 30; id++) {
                ids.add(id);
                String user = "{\"UserId\":" + id + ",\"NickName\":\"Zoë " + id + "\",\"Portrait\":\"https://p/" + id
                        + "\",\"Tags\":[\"t" + (id % 3) + "\"],\"Ext\":{\"城市\":\"上海\"},\"IsRobot\":" + (id % 5 == 0) + "}";
                assertThat(client(source).call("RegisterUsers", "{\"AppId\":86,\"Users\":[" + user + "]}").status())
                        .isEqualTo(200);
            }
            client(source).call("RegisterUsers", "{\"AppId\":87,\"Users\":[{\"UserId\":1}]}");
            before = users(source, 86, ids);
            Result store = run(Map.of(), "export", "--app", "86", "--data-dir", dir.resolve("source").toString(),
                    "--to", fromStore.toString());
            assertThat(store.exit()).as(store.err()).isZero();
            // ROSTER_ENDPOINT and a key, no store named: through the API.
            Result api = run(root(source), "export", "--app", "86", "--out", fromApi.toString());
            assertThat(api.exit()).as(api.err()).isZero();
            assertThat(api.err()).isEqualTo("exported 30 users of app 86 to " + fromApi + " from " + source.url() + "\n");
        }
        assertThat(Files.readString(fromApi)).isEqualTo(Files.readString(fromStore));
        assertThat(Files.readAllLines(fromApi)).hasSize(30);

        try (Roster target = start("target", UnaryOperator.identity())) {
            Result imported = run(root(target), "import", fromApi.toString());
            assertThat(imported.exit()).as(imported.err()).isZero();
            assertThat(imported.out()).contains("30 users sent, 30 registered, 0 failed, 0 skipped");
            JsonNode after = users(target, 86, ids);
            assertThat(after).hasSize(30);
            for (int i = 0; i < 30; i++) {
                for (String field : List.of("UserId", "NickName", "Portrait", "Tags", "Ext", "IsRobot")) {
                    assertThat(after.get(i).path(field)).as(field + " of user " + ids.get(i))
                            .isEqualTo(before.get(i).path(field));
                }
            }
            assertThat(users(target, 87, List.of(1L))).as("only the app asked for").isEmpty();
        }
    }

    @Test
    void export_through_the_api_needs_a_key_for_the_app_and_leaves_no_file_when_refused() throws Exception {
        Path file = dir.resolve("refused.ndjson");
        try (Roster source = start("source", UnaryOperator.identity())) {
            client(source).call("RegisterUsers", "{\"AppId\":88,\"Users\":[{\"UserId\":1}]}");
            String[] scoped = KeysCommandTestSupport.create(List.of("--data-dir", dir.resolve("source").toString()),
                    "--apps", "89");
            Result refused = run(sdk(source, scoped[0], scoped[1]), "export", "--app", "88", "--endpoint",
                    source.url().toString(), "--to", file.toString());
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).startsWith("roster: NoAuth: ");
            assertThat(file).doesNotExist();
            try (var left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
            }

            Result both = run(root(source), "export", "--app", "88", "--endpoint", source.url().toString(),
                    "--data-dir", dir.resolve("source").toString());
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("give one of them");

            // A store named by a flag wins over ROSTER_ENDPOINT, as before the API could export.
            Result store = run(root(source), "export", "--app", "88", "--data-dir", dir.resolve("source").toString());
            assertThat(store.exit()).as(store.err()).isZero();
            assertThat(store.err()).isEqualTo("exported 1 users of app 88\n");
            assertThat(store.out()).contains("\"AppId\":88", "\"Version\":");
        }
    }

    @Test
    void an_interrupted_import_resumes_where_its_checkpoint_says() throws Exception {
        Path file = dir.resolve("two-apps.ndjson");
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 30; id++) {
            lines.add("{\"AppId\":82,\"UserId\":" + id + ",\"NickName\":\"a" + id + "\"}");
        }
        for (int id = 1; id <= 10; id++) {
            lines.add("{\"AppId\":83,\"UserId\":" + id + ",\"NickName\":\"b" + id + "\"}");
        }
        Files.write(file, lines);
        try (Roster target = start("target", UnaryOperator.identity())) {
            // A key for app 82 only: the import stops at the first line of app 83.
            String[] scoped = KeysCommandTestSupport.create(List.of("--data-dir", dir.resolve("target").toString()),
                    "--apps", "82");
            Result first = run(sdk(target, scoped[0], scoped[1]), "import", file.toString());
            assertThat(first.exit()).isEqualTo(1);
            assertThat(first.err()).contains("lines 31 to 40: NoAuth", "run again with --resume");
            assertThat(Files.readString(dir.resolve("two-apps.ndjson.checkpoint"))).isEqualTo("30");

            Result resumed = run(root(target), "import", file.toString(), "--resume");
            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).contains("10 users sent, 10 registered, 0 failed, 30 skipped");
            assertThat(users(target, 82, List.of(1L, 30L))).hasSize(2);
            assertThat(users(target, 83, List.of(1L, 10L))).hasSize(2);
        }
    }

    @Test
    void the_import_waits_as_retry_after_asks_and_loses_nothing() throws Exception {
        Path file = dir.resolve("throttled.ndjson");
        List<String> lines = new ArrayList<>();
        for (int id = 1; id <= 6; id++) {
            lines.add("{\"AppId\":84,\"UserId\":" + id + "}");
        }
        Files.write(file, lines);
        try (Roster target = start("target", c -> c.rateLimits(RateLimits.DEFAULTS.with(Map.of("RegisterUsers", 2))))) {
            long started = System.nanoTime();
            Result run = run(root(target), "import", file.toString(), "--batch", "1");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("6 users sent, 6 registered, 0 failed");
            assertThat((System.nanoTime() - started) / 1e9).as("throttled, then waited").isGreaterThan(1.0);
            assertThat(users(target, 84, List.of(1L, 2L, 3L, 4L, 5L, 6L))).hasSize(6);
        }
    }

    @Test
    void files_that_cannot_be_read_or_written_are_said_in_one_line() {
        Result missing = run(Map.of(), "import", dir.resolve("missing.ndjson").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("roster: no such file or directory: " + dir.resolve("missing.ndjson") + "\n");
        Result unwritable = run(Map.of(), "export", "--app", "1", "--data-dir", dir.toString(), "--to",
                dir.resolve("no/such/dir/out.ndjson").toString());
        assertThat(unwritable.exit()).isEqualTo(1);
        assertThat(unwritable.err()).startsWith("roster: ").doesNotContain("\tat ");
    }

    @Test
    void a_bad_line_stops_the_import_before_anything_is_sent() throws Exception {
        Path file = dir.resolve("bad.ndjson");
        Files.write(file, List.of("{\"AppId\":85,\"UserId\":1}", "{\"AppId\":85,\"UserId\":\"two\"}"));
        try (Roster target = start("target", UnaryOperator.identity())) {
            Result run = run(root(target), "import", file.toString());
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("line 2: ", "UserId", "nothing was imported");
            assertThat(users(target, 85, List.of(1L))).isEmpty();
        }
    }
}
