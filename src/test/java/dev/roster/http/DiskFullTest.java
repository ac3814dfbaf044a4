package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The data directory on a 4 MiB tmpfs that is then filled up: writes are refused with the envelope
 * (ServiceUnavailableTemp or InternalError), reads go on, nothing stored is damaged, and once space is
 * freed writes succeed again without a restart. Mounting needs root; otherwise the test is skipped and
 * says why.
 */
class DiskFullTest {

    @Test
    void a_full_disk_refuses_writes_keeps_reads_and_recovers_when_space_returns() throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "SKIPPED: the disk-full test mounts a tmpfs, which needs root; run the tests as root to include it");
        Path mount = Files.createTempDirectory("roster-tmpfs-");
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount.toString());
        try {
            check(mount.resolve("data"), mount.resolve("filler"));
        } finally {
            run("umount", mount.toString());
            Files.delete(mount);
        }
    }

    private static void check(Path dataDir, Path filler) throws Exception {
        RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .rootKey(RosterServerExtension.ROOT).rateLimits(new RateLimits(0, Map.of())).build();
        try (Roster roster = Roster.start(config)) {
            ApiClient client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
            for (int id = 1; id <= 50; id++) {
                assertThat(register(client, id).status()).isEqualTo(200);
            }

            fill(filler);
            Map<Integer, Integer> statuses = new TreeMap<>();
            int failures = 0;
            int next = 1000;
            for (int i = 0; i < 3000 && failures < 20; i++) {
                ApiResponse r = register(client, next++);
                statuses.merge(r.status(), 1, Integer::sum);
                if (r.status() != 200) {
                    failures++;
                    assertThat(r.status()).as("%s", r).isIn(503, 500);
                    assertThat(r.errorCode()).isIn("ServiceUnavailableTemp", "InternalError");
                    assertThat(r.errorMessage()).doesNotContain("SQLITE", "Exception", "/tmp");
                }
            }
            System.out.printf("disk full: answers by status %s%n", statuses);
            assertThat(failures).as("writes were refused once the disk was full").isEqualTo(20);

            ApiResponse read = client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[" + ids(1, 50) + "]}");
            assertThat(read.status()).as("reads go on").isEqualTo(200);
            assertThat(read.result().get("Users")).hasSize(50);
            read.result().get("Users").forEach(u ->
                    assertThat(u.get("NickName").asText()).isEqualTo("user " + u.get("UserId").asLong()));

            Files.delete(filler);
            ApiResponse again = register(client, 5000);
            assertThat(again.status()).as("writes succeed again without a restart: %s", again).isEqualTo(200);
            assertThat(client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[5000," + ids(1, 49) + "]}")
                    .result().get("Users")).hasSize(50);
        }
        // Nothing stored was damaged: a fresh start reads it all back.
        try (Roster roster = Roster.start(config)) {
            ApiClient client = new ApiClient(roster.url(), new TestSigner(RosterServerExtension.ROOT));
            assertThat(client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[" + ids(1, 50) + "]}")
                    .result().get("Users")).hasSize(50);
        }
    }

    private static ApiResponse register(ApiClient client, int id) {
        return client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":" + id + ",\"NickName\":\"user " + id
                + "\",\"Portrait\":\"" + "p".repeat(400) + "\"}]}");
    }

    private static String ids(int from, int to) {
        StringBuilder out = new StringBuilder();
        for (int id = from; id <= to; id++) {
            out.append(id == from ? "" : ",").append(id);
        }
        return out.toString();
    }

    /** Writes until the file system refuses. */
    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // No space left on device: as intended.
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
