package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.RosterProcess;
import dev.roster.testing.RosterServerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar roster.jar bench} and {@code bench compare} as users and .ci/run run them. */
class BenchProcessIT {
    @TempDir
    Path dir;

    private int runJar(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", System.getProperty("roster.jar", "target/roster.jar")));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bench.out").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("bench finished").isTrue();
        return process.exitValue();
    }

    private String output() throws Exception {
        return Files.readString(dir.resolve("bench.out"));
    }

    @Test
    void compare_starts_its_own_server_from_the_jar_and_reports_three_phases_without_errors() throws Exception {
        Path json = dir.resolve("compare.json");
        Path work = Files.createDirectory(dir.resolve("work"));
        int exit = runJar(Map.of("ROSTER_DATABASE_URL", ""), "bench", "compare", "--duration", "1s", "--warmup",
                "500ms", "--registered-users", "100", "--connections", "2", "--work-dir", work.toString(),
                "--json", json.toString());
        assertThat(exit).as(output()).isZero();
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("errors").asLong()).isZero();
        JsonNode sqlite = result.get("stores").get(0);
        for (String phase : List.of("httpFloor", "update", "storeFloor")) {
            assertThat(sqlite.get(phase).get("requests").asLong()).as(phase).isPositive();
        }
        assertThat(sqlite.get("httpFloor").get("serverCpuMicrosPerRequest").asDouble()).isPositive();
        assertThat(work.toFile().list()).as("temporary stores removed").isEmpty();
    }

    @Test
    void bench_against_a_running_server_reports_its_cpu_per_request() throws Exception {
        Path json = dir.resolve("bench.json");
        Map<String, String> noLimits = Map.of("ROSTER_RATE_LIMITS", "BatchUpdateUser=0,BatchGetUser=0,RegisterUsers=0");
        try (RosterProcess server = RosterProcess.start(Files.createDirectory(dir.resolve("data")), noLimits)) {
            Map<String, String> root = Map.of("ROSTER_ROOT_ACCESS_KEY", RosterServerExtension.ROOT.accessKeyId(),
                    "ROSTER_ROOT_SECRET_KEY", RosterServerExtension.ROOT.secretAccessKey());
            int exit = runJar(root, "bench", "--url", server.url().toString(), "--root", "--rate", "100",
                    "--duration", "1s", "--warmup", "500ms", "--registered-users", "50", "--server-pid",
                    Long.toString(server.process().pid()), "--fail-on-errors", "--json", json.toString());
            assertThat(exit).as(output()).isZero();
        }
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("requests").asLong()).isEqualTo(100);
        assertThat(figures.get("errors").asLong()).isZero();
        assertThat(figures.get("serverCpuMicrosPerRequest").asDouble()).isPositive();
        assertThat(output()).contains("open loop at 100 req/s");
    }
}
