package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What test environments start Roster with: {@code --seed FILE} and {@code --ephemeral}, in the packaged server. */
class SeedAndEphemeralProcessIT {
    private static final Pattern SCRATCH = Pattern.compile("ephemeral: the data is in (\\S+)");

    @TempDir
    Path dir;

    private Path seedFile() throws Exception {
        Path seed = dir.resolve("seed.ndjson");
        Files.write(seed, List.of(
                "{\"AppId\":95,\"UserId\":1,\"NickName\":\"Ann\",\"Tags\":[\"vip\"],\"Ext\":{\"k\":\"v\"}}",
                "",
                "{\"AppId\":95,\"UserId\":2,\"NickName\":\"Ben\",\"IsRobot\":true}",
                "{\"AppId\":96,\"UserId\":1,\"NickName\":\"Cy\"}"));
        return seed;
    }

    private static ApiResponse get(ApiClient client, int appId, String ids) {
        return client.call("BatchGetUser", "{\"AppId\":" + appId + ",\"UserIds\":" + ids + "}");
    }

    @Test
    void a_seed_registers_its_users_once_and_leaves_them_alone_at_every_later_start() throws Exception {
        Path seed = seedFile();
        Path data = dir.resolve("data");
        try (RosterProcess first = RosterProcess.start(data, Map.of("ROSTER_SEED", seed.toString()))) {
            ApiResponse users = get(first.client(), 95, "[1,2]");
            assertThat(users.result().path("Users")).hasSize(2);
            assertThat(users.result().path("Users").get(1).path("IsRobot").asBoolean()).isTrue();
            assertThat(get(first.client(), 96, "[1]").result().path("Users").get(0).path("NickName").asText())
                    .isEqualTo("Cy");
            assertThat(first.client().call("BatchUpdateUser",
                    "{\"AppId\":95,\"Users\":[{\"UserId\":1,\"NickName\":\"Annie\"}]}").status()).isEqualTo(200);
            first.terminate();
            assertThat(first.waitForExit(30)).isZero();
            assertThat(first.log()).contains("seed " + seed + ": 3 users registered, 0 already there");
        }
        try (RosterProcess second = RosterProcess.start(data, Map.of(), "--seed", seed.toString())) {
            assertThat(get(second.client(), 95, "[1]").result().path("Users").get(0).path("NickName").asText())
                    .as("left as it was changed").isEqualTo("Annie");
            second.terminate();
            assertThat(second.waitForExit(30)).isZero();
            assertThat(second.log()).contains("0 users registered, 3 already there");
        }
    }

    @Test
    void a_bad_seed_file_stops_the_start_naming_the_line() throws Exception {
        Path seed = dir.resolve("bad.ndjson");
        Files.write(seed, List.of("{\"AppId\":97,\"UserId\":1}", "{\"AppId\":97,\"UserId\":2,\"NickName\":\""
                + "x".repeat(101) + "\"}"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("roster.jar", "target/roster.jar"), "serve", "--host", "127.0.0.1",
                "--port", "0", "--data-dir", dir.resolve("data").toString(), "--seed", seed.toString())
                .redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(1);
        assertThat(output).contains("cannot start: seed file " + seed + ": line 2: user 2: InvalidParam");
    }

    @Test
    void ephemeral_data_lives_in_a_temporary_directory_removed_at_exit() throws Exception {
        Path scratch;
        try (RosterProcess server = RosterProcess.start(dir.resolve("unused"), Map.of("ROSTER_DATA_DIR", "",
                "ROSTER_EPHEMERAL", "true", "ROSTER_SEED", seedFile().toString()))) {
            assertThat(get(server.client(), 95, "[1,2]").result().path("Users")).hasSize(2);
            Matcher m = SCRATCH.matcher(server.log());
            assertThat(m.find()).as(server.log()).isTrue();
            scratch = Path.of(m.group(1));
            assertThat(scratch.resolve("roster.db")).exists();
            server.terminate();
            assertThat(server.waitForExit(30)).isZero();
        }
        assertThat(scratch).doesNotExist();
        assertThat(dir.resolve("unused")).doesNotExist();

        ProcessBuilder both = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("roster.jar", "target/roster.jar"), "serve", "--ephemeral", "--data-dir",
                dir.resolve("d").toString()).redirectErrorStream(true);
        Process process = both.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(output).contains("--ephemeral keeps its data in a temporary directory");
    }
}
