package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.limit.RateLimits;
import dev.roster.testing.RosterServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code roster bench} on the command line: keys from the environment or a file, --json, exit codes. */
class BenchCommandTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config
            .rateLimits(new RateLimits(0, Map.of()))
            .authFailureLimit(0));

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run bench(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Environment(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("bench", "--url", SERVER.roster().url().toString(),
                "--duration", "1s", "--warmup", "200ms", "--registered-users", "20", "--connections", "2"));
        all.addAll(List.of(args));
        return new Run(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static Map<String, String> rootEnv() {
        return Map.of("ROSTER_ROOT_ACCESS_KEY", RosterServerExtension.ROOT.accessKeyId(),
                "ROSTER_ROOT_SECRET_KEY", RosterServerExtension.ROOT.secretAccessKey());
    }

    @Test
    void with_the_root_key_it_prints_a_report_and_writes_the_same_figures_as_json() throws Exception {
        Path json = dir.resolve("bench.json");
        Run run = bench(rootEnv(), "--root", "--apps", "21", "--json", json.toString(), "--fail-on-errors");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("closed loop over 2 connections", "throughput", "p99.9", "server CPU");
        assertThat(run.err()).contains("registering users 1..20 in AppIds [21]");
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("requests").asLong()).isPositive();
        assertThat(figures.get("errors").asLong()).isZero();
        assertThat(figures.get("serverCpuMicrosPerRequest").isNull()).as("no --server-pid").isTrue();
        assertThat(figures.get("benchCpuMicrosPerRequest").asDouble()).isPositive();
    }

    @Test
    void keys_from_a_file_with_a_wrong_secret_fail_the_run_only_with_fail_on_errors() throws Exception {
        Path keys = dir.resolve("keys.txt");
        Files.writeString(keys, "AccessKeyId:     " + RosterServerExtension.ROOT.accessKeyId() + "\n"
                + "SecretAccessKey: not-the-root-secret\nApps:            22\n");
        Run tolerant = bench(Map.of(), "--keys", keys.toString(), "--skip-registration");
        assertThat(tolerant.exit()).isZero();
        assertThat(tolerant.out()).contains("SignatureDoesNotMatch");

        Run strict = bench(Map.of(), "--keys", keys.toString(), "--skip-registration", "--fail-on-errors");
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.err()).contains("requests failed").doesNotContain("not-the-root-secret");
    }

    @Test
    void without_a_key_or_with_a_bad_option_it_is_a_usage_error() {
        assertThat(bench(Map.of()).err()).contains("bench needs --root or --keys FILE");
        assertThat(bench(Map.of(), "--root").err()).contains("--root needs ROSTER_ROOT_ACCESS_KEY");
        assertThat(bench(rootEnv(), "--root", "--mix", "delete=1").err()).contains("unknown request kind 'delete'");
        assertThat(bench(rootEnv(), "--root", "--server-pid", "999999999").err())
                .contains("--server-pid: no process 999999999");
        Run badDuration = bench(rootEnv(), "--root", "--duration", "soon");
        assertThat(badDuration.exit()).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' is not a duration");
    }
}
