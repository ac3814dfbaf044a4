package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench compare} from Maven's classpath: a child server, three phases, ratios, and nothing left behind. */
class BenchCompareTest {
    @TempDir
    Path workDir;

    @Test
    void compares_the_update_with_both_floors_and_removes_the_server_and_its_data() throws Exception {
        Comparison.Settings settings = new Comparison.Settings(2, Duration.ofSeconds(1), Duration.ofMillis(500), 10,
                100, workDir, null);
        StringWriter progress = new StringWriter();
        Comparison.Result result = Comparison.run(settings, new PrintWriter(progress));

        assertThat(result.errors()).isZero();
        assertThat(result.stores()).singleElement().satisfies(sqlite -> {
            assertThat(sqlite.store()).isEqualTo("SQLite");
            for (Report phase : new Report[] {sqlite.httpFloor(), sqlite.update(), sqlite.storeFloor()}) {
                assertThat(phase.requests()).isPositive();
                assertThat(phase.serverCpuMicrosPerRequest()).isPositive();
            }
            assertThat(sqlite.httpFloor().actions()).containsOnlyKeys("BenchNoop");
            assertThat(sqlite.update().actions()).containsOnlyKeys("BatchUpdateUser");
            assertThat(sqlite.updateVsHttpFloor()).isPositive();
            assertThat(sqlite.updateVsStoreFloor()).isPositive();
        });
        StringWriter printed = new StringWriter();
        result.print(new PrintWriter(printed));
        assertThat(printed.toString()).contains("(a) HTTP floor: BenchNoop", "update / store floor = ");
        assertThat(result.json()).contains("\"updateVsHttpFloor\"");

        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("the child server").isEmpty();
        try (var left = Files.list(workDir)) {
            assertThat(left).as("temporary stores").isEmpty();
        }
    }
}
