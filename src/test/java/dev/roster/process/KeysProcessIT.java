package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import dev.roster.auth.KeyRing;
import dev.roster.auth.SecretCipher;
import dev.roster.store.SqliteDatabase;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterProcess;
import dev.roster.testing.TestSigner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root key's life in the packaged server, the keys command as a process, secrets kept out of logs. */
class KeysProcessIT {
    private static final Map<String, String> NO_ROOT_KEY = Map.of("ROSTER_ROOT_ACCESS_KEY", "", "ROSTER_ROOT_SECRET_KEY", "");
    private static final Pattern AK = Pattern.compile("AccessKeyId:\\s+(\\S+)");
    private static final Pattern SK = Pattern.compile("SecretAccessKey:\\s+(\\S+)");

    @TempDir
    Path dataDir;

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private static String keys(Path dataDir, Map<String, String> env, String... args) throws Exception {
        return RosterProcess.keys(dataDir, env, args);
    }

    @Test
    void the_first_start_generates_a_root_key_shows_it_once_and_never_logs_its_secret() throws Exception {
        Credentials root;
        try (RosterProcess first = RosterProcess.start(dataDir, NO_ROOT_KEY)) {
            String shown = String.join("\n", first.stdoutBeforeReady());
            root = new Credentials(find(AK, shown), find(SK, shown));
            ApiClient client = new ApiClient(first.url(), new TestSigner(root));
            assertThat(client.call("RegisterUsers", "{\"AppId\":5,\"Users\":[{\"UserId\":1}]}").status()).isEqualTo(200);
            first.terminate();
            assertThat(first.waitForExit(30)).isZero();
            assertThat(first.log()).contains(root.accessKeyId()).doesNotContain(root.secretAccessKey());
        }
        try (RosterProcess second = RosterProcess.start(dataDir, NO_ROOT_KEY)) {
            assertThat(second.stdoutBeforeReady()).as("shown only once").isEmpty();
            ApiClient client = new ApiClient(second.url(), new TestSigner(root));
            assertThat(client.call("BatchGetUser", "{\"AppId\":5,\"UserIds\":[1]}").status()).isEqualTo(200);
            assertThat(keys(dataDir, Map.of(), "list")).contains(root.accessKeyId(), "yes")
                    .doesNotContain(root.secretAccessKey());
        }
    }

    @Test
    void a_key_created_by_the_keys_command_works_on_a_running_server_with_sealed_secrets() throws Exception {
        Map<String, String> master = Map.of("ROSTER_MASTER_KEY", "m".repeat(44));
        try (RosterProcess server = RosterProcess.start(dataDir, master)) {
            String created = keys(dataDir, master, "create", "--apps", "21");
            Credentials key = new Credentials(find(AK, created), find(SK, created));
            ApiClient client = new ApiClient(server.url(), new TestSigner(key));
            assertThat(client.call("RegisterUsers", "{\"AppId\":21,\"Users\":[{\"UserId\":1}]}").status()).isEqualTo(200);
            ApiResponse foreign = client.call("RegisterUsers", "{\"AppId\":22,\"Users\":[{\"UserId\":1}]}");
            assertThat(foreign.errorCode()).isEqualTo("NoAuth");

            keys(dataDir, master, "disable", key.accessKeyId());
            assertThat(client.call("BatchGetUser", "{\"AppId\":21,\"UserIds\":[1]}").errorCode())
                    .isEqualTo("InvalidAccessKey");
            byte[] database = Files.readAllBytes(dataDir.resolve("roster.db"));
            byte[] wal = Files.readAllBytes(dataDir.resolve("roster.db-wal"));
            assertThat(new String(database, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1))
                    .doesNotContain(key.secretAccessKey());
            assertThat(server.log()).doesNotContain(key.secretAccessKey());
        }
    }

    @Test
    void a_secret_the_server_cannot_open_answers_invalid_access_key_and_is_logged_once_without_a_stack_trace()
            throws Exception {
        Map<String, String> master = Map.of("ROSTER_MASTER_KEY", "m".repeat(44));
        try (RosterProcess server = RosterProcess.start(dataDir, master)) {
            Credentials foreign; // sealed under another master key, as a node configured differently would store it
            try (SqliteDatabase database = SqliteDatabase.open(dataDir, 1)) {
                foreign = new KeyRing(database.keyStore(), SecretCipher.sealed("o".repeat(44)), Clock.systemUTC(), null)
                        .create(null);
            }
            ApiClient client = new ApiClient(server.url(), new TestSigner(foreign));
            for (int request = 0; request < 5; request++) {
                ApiResponse r = client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
                assertThat(r.status()).isEqualTo(401);
                assertThat(r.errorCode()).isEqualTo("InvalidAccessKey");
            }
            String log = server.log();
            assertThat(log.lines().filter(line -> line.contains(foreign.accessKeyId()))).singleElement().asString()
                    .contains("WARN", "ROSTER_MASTER_KEY does not open the secret of " + foreign.accessKeyId());
            assertThat(log).doesNotContain("\tat ", "Exception", foreign.secretAccessKey());
        }
    }

    @Test
    void auth_off_on_loopback_accepts_unsigned_requests_and_warns_loudly() throws Exception {
        try (RosterProcess server = RosterProcess.start(dataDir, Map.of("ROSTER_AUTH", "off"))) {
            ApiResponse r = server.client().send("POST", "/?Action=RegisterUsers&Version=2020-12-01",
                    "{\"AppId\":3,\"Users\":[{\"UserId\":1}]}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertThat(r.status()).isEqualTo(200);
            assertThat(server.log()).contains("AUTHENTICATION IS OFF");
            assertThat(server.stdoutBeforeReady()).as("no root key is generated with auth off").isEmpty();
        }
    }
}
