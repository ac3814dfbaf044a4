package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.cli.CommandTestSupport.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --config}: precedence flag > environment > file > default, validation, {@code --print-config}. */
class ConfigFileTest {
    @TempDir
    Path dir;

    private static Result run(Map<String, String> env, String... args) {
        return CommandTestSupport.run(env, args);
    }

    private Path file(String yaml) throws IOException {
        Path file = Files.createTempFile(dir, "roster", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void a_flag_wins_over_the_environment_which_wins_over_the_file_which_wins_over_the_default() throws IOException {
        Path config = file("""
                port: 9191
                region: ap-southeast-1
                max-clock-skew: 300
                rate-limit: {BatchUpdateUser: 100, BatchGetUser: 200}
                trusted-proxies: [10.0.0.0/8, 192.168.1.1]
                metrics: off
                log-format: json
                """);
        Result run = run(Map.of("ROSTER_PORT", "9292", "ROSTER_MAX_CLOCK_SKEW", "60"),
                "serve", "--config", config.toString(), "--max-clock-skew", "30", "--print-config");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines())
                .contains("# config file: " + config)
                .contains("max-clock-skew: 30  # flag --max-clock-skew")
                .contains("port: 9292  # environment variable ROSTER_PORT")
                .contains("region: \"ap-southeast-1\"  # config file")
                .contains("rate-limit: {\"BatchUpdateUser\":100,\"BatchGetUser\":200}  # config file")
                .contains("trusted-proxies: [\"10.0.0.0/8\",\"192.168.1.1\"]  # config file")
                .contains("metrics: \"false\"  # config file")
                .contains("log-format: \"json\"  # config file")
                .contains("host: \"0.0.0.0\"  # default")
                .contains("data-dir: \"./roster-data\"  # default");
    }

    @Test
    void the_file_can_be_named_by_roster_config_and_its_print_is_itself_a_config_file() throws IOException {
        Path config = file("port: 9494\nlimit: {update-users: 5}\n");
        Result first = run(Map.of("ROSTER_CONFIG", config.toString()), "serve", "--print-config");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("port: 9494  # config file", "limit: {\"update-users\":5}  # config file");
        // What --print-config prints reads back as a config file giving the same settings.
        Path printed = file(first.out());
        Result second = run(Map.of(), "serve", "--config=" + printed, "--print-config");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out().replaceAll("  # [^\n]*", "").replaceAll("(?m)^#.*\n", ""))
                .isEqualTo(first.out().replaceAll("  # [^\n]*", "").replaceAll("(?m)^#.*\n", ""));
    }

    @Test
    void secrets_are_shown_as_set_never_their_values() {
        Result run = run(Map.of("ROSTER_ROOT_ACCESS_KEY", "AKLTshown", "ROSTER_ROOT_SECRET_KEY", "never-shown-root-secret",
                "ROSTER_MASTER_KEY", "never-shown-master-key-0123456789abcdef", "ROSTER_DATABASE_PASSWORD", "never-shown-pw"),
                "serve", "--print-config");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ROSTER_ROOT_ACCESS_KEY: AKLTshown", "ROSTER_ROOT_SECRET_KEY: set",
                        "ROSTER_MASTER_KEY: set", "ROSTER_DATABASE_PASSWORD: set")
                .doesNotContain("never-shown");
    }

    @Test
    void an_unknown_key_a_secret_bad_yaml_a_wrong_type_or_an_impossible_value_stops_the_start_naming_it()
            throws IOException {
        Path unknown = file("port: 8080\nprot: 8081\n");
        Result run = run(Map.of(), "serve", "--config", unknown.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains(unknown + ": unknown key 'prot'", "host, port, data-dir");

        run = run(Map.of(), "serve", "--config", file("master-key: abc\n").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'master-key' cannot be set in a config file", "ROSTER_MASTER_KEY")
                .doesNotContain("abc");

        run = run(Map.of(), "serve", "--config", file("port: [1\n").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("is not valid YAML");

        run = run(Map.of(), "serve", "--config", file("port: 1\nport: 2\n").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Duplicate field 'port'");

        Path wrongType = file("port: eighty\n");
        run = run(Map.of(), "serve", "--config", wrongType.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'--port': 'eighty' is not an int", "config file " + wrongType + ", key 'port'");

        run = run(Map.of(), "serve", "--config", file("port: 70000\n").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("port must be from 0 to 65535, got 70000");

        run = run(Map.of(), "serve", "--config", file("regions: [[a]]\n").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'regions' may hold only plain values");

        run = run(Map.of(), "serve", "--config", dir.resolve("missing.yaml").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("missing.yaml does not exist");

        run = run(Map.of("ROSTER_PORT", "x"), "serve");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'x' is not an int (from the environment variable ROSTER_PORT)");
    }

    @Test
    void an_empty_file_sets_nothing() throws IOException {
        Result run = run(Map.of(), "serve", "--config", file("# nothing yet\n").toString(), "--print-config");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("port: 8080  # default");
    }
}
