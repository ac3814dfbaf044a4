package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.cli.CommandTestSupport.Result;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code roster backup} while a server writes, then {@code roster restore} into a new directory. */
class BackupRestoreTest {
    @TempDir
    Path dir;

    private static Result run(String... args) {
        return CommandTestSupport.run(Map.of(), args);
    }

    private static Roster start(Path dataDir) throws Exception {
        return Roster.start(RosterConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
                .rootKey(RosterServerExtension.ROOT).build());
    }

    @Test
    void a_backup_taken_while_writing_restores_every_user_acknowledged_before_it_began() throws Exception {
        Path live = dir.resolve("live");
        Path backup = dir.resolve("roster-backup.db");
        ConcurrentLinkedQueue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Set<Long> beforeBackup;
        try (Roster server = start(live)) {
            ApiClient client = new ApiClient(server.url(), new TestSigner(RosterServerExtension.ROOT));
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (long id = 1; writing.get(); id++) {
                    ApiResponse r = client.call("RegisterUsers", "{\"AppId\":71,\"Users\":[{\"UserId\":" + id
                            + ",\"NickName\":\"n" + id + "\",\"Tags\":[\"t\"],\"Ext\":{\"k\":\"" + id + "\"}}]}");
                    if (r.status() == 200) {
                        acknowledged.add(id);
                    }
                }
            });
            writer.start();
            while (acknowledged.size() < 200) {
                Thread.sleep(10);
            }
            beforeBackup = new HashSet<>(acknowledged);
            Result backedUp = run("backup", "--data-dir", live.toString(), "--to", backup.toString());
            Thread.sleep(200); // more writes after the backup
            writing.set(false);
            writer.join();
            assertThat(backedUp.exit()).as(backedUp.err()).isZero();
            assertThat(backedUp.out()).startsWith("backed up ").contains(backup.toString());

            Result whileRunning = run("restore", "--from", backup.toString(), "--data-dir", live.toString(), "--force");
            assertThat(whileRunning.exit()).isEqualTo(1);
            assertThat(whileRunning.err()).contains("a Roster server is using " + live);
            assertThat(acknowledged.size()).as("writes went on during the backup").isGreaterThan(beforeBackup.size());
        }

        Path restored = dir.resolve("restored");
        Result restore = run("restore", "--from", backup.toString(), "--data-dir", restored.toString());
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).startsWith("restored ");
        try (Roster server = start(restored)) {
            ApiClient client = new ApiClient(server.url(), new TestSigner(RosterServerExtension.ROOT));
            List<Long> ids = new ArrayList<>(beforeBackup);
            for (int from = 0; from < ids.size(); from += 50) {
                List<Long> slice = ids.subList(from, Math.min(ids.size(), from + 50));
                ApiResponse r = client.call("BatchGetUser", "{\"AppId\":71,\"UserIds\":" + slice + "}");
                assertThat(r.result().path("NotFoundUsers")).as("lost by the backup").isEmpty();
                for (JsonNode user : r.result().path("Users")) {
                    long id = user.path("UserId").asLong();
                    assertThat(user.path("NickName").asText()).isEqualTo("n" + id);
                    assertThat(user.path("Ext").path("k").asText()).isEqualTo(Long.toString(id));
                }
            }
        }
    }

    @Test
    void what_cannot_be_backed_up_or_restored_is_refused_with_a_reason() throws Exception {
        Path live = dir.resolve("live");
        try (Roster ignored = start(live)) {
            // started once, so that the directory holds a store
        }
        Path backup = dir.resolve("b.db");
        assertThat(run("backup", "--data-dir", live.toString(), "--to", backup.toString()).exit()).isZero();
        Result again = run("backup", "--data-dir", live.toString(), "--to", backup.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists already");

        Result noData = run("backup", "--data-dir", dir.resolve("nothing").toString(), "--to", dir.resolve("x.db").toString());
        assertThat(noData.exit()).isEqualTo(1);
        assertThat(noData.err()).contains("no Roster data in");

        Result occupied = run("restore", "--from", backup.toString(), "--data-dir", live.toString());
        assertThat(occupied.exit()).isEqualTo(1);
        assertThat(occupied.err()).contains("holds a store already; give --force");
        assertThat(run("restore", "--from", backup.toString(), "--data-dir", live.toString(), "--force").exit()).isZero();

        Path junk = dir.resolve("junk.db");
        Files.writeString(junk, "not a database at all, just text that is long enough to be read as a header");
        Result notBackup = run("restore", "--from", junk.toString(), "--data-dir", dir.resolve("fresh").toString());
        assertThat(notBackup.exit()).isEqualTo(1);
        assertThat(notBackup.err()).contains("is not a Roster backup");

        Result postgres = run("backup", "--database-url", "jdbc:postgresql://127.0.0.1:1/roster", "--to", "x.db");
        assertThat(postgres.exit()).isEqualTo(1);
        assertThat(postgres.err()).contains("pg_dump");
    }

    @Test
    void restore_waits_for_every_server_on_the_directory_to_stop() throws Exception {
        Path live = dir.resolve("live");
        Path backup = dir.resolve("b.db");
        try (Roster first = start(live)) {
            assertThat(run("backup", "--data-dir", live.toString(), "--to", backup.toString()).exit()).isZero();
            try (Roster second = start(live)) { // SQLite lets two servers share one store
                assertThat(second.url()).isNotEqualTo(first.url());
            }
            assertThat(run("restore", "--from", backup.toString(), "--data-dir", live.toString(), "--force").err())
                    .contains("a Roster server is using " + live);
        }
        assertThat(run("restore", "--from", backup.toString(), "--data-dir", live.toString(), "--force").exit()).isZero();
    }
}
