package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.store.Cause;
import dev.roster.store.SqliteDatabase;
import dev.roster.users.Entry;
import dev.roster.users.Limits;
import dev.roster.users.NewProfile;
import dev.roster.users.UserService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UsersCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeEach
    void registerSomeUsers() {
        try (SqliteDatabase database = SqliteDatabase.open(dir, 1)) {
            UserService users = new UserService(database.userStore(), Limits.DEFAULTS, Clock.systemUTC());
            List<Entry<NewProfile>> entries = new ArrayList<>();
            for (long id = 1; id <= 5; id++) {
                entries.add(Entry.of(id, new NewProfile("user " + id, "", List.of("t"), Map.of("k", "v"), false)));
            }
            assertThat(users.register(7, entries, Cause.NONE)).isEmpty();
        }
    }

    private String[] run(String... args) {
        return run(dir, args);
    }

    private static String[] run(Path dataDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Environment(Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("users"));
        all.addAll(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        int exit = cli.execute(all.toArray(String[]::new));
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @Test
    void get_prints_users_as_batch_get_user_returns_them() throws Exception {
        String[] r = run("get", "--app-id", "7", "3", "9", "1");
        assertThat(r[0]).isEqualTo("0");
        JsonNode result = JSON.readTree(r[1]);
        assertThat(result.get("Users").findValuesAsText("UserId")).containsExactly("3", "1");
        assertThat(result.get("Users").get(0).get("NickName").asText()).isEqualTo("user 3");
        assertThat(result.get("Users").get(0).get("Ext")).hasToString("{\"k\":\"v\"}");
        assertThat(result.get("NotFoundUsers")).hasToString("[9]");
    }

    @Test
    void list_pages_through_an_app_in_user_id_order() throws Exception {
        String[] first = run("list", "--app-id", "7", "--limit", "2");
        assertThat(first[1].lines().map(line -> readId(line)).toList()).containsExactly(1L, 2L);
        assertThat(first[2]).contains("more users may follow: --after 2");
        String[] rest = run("list", "--app-id", "7", "--after", "2", "--limit", "10");
        assertThat(rest[1].lines().map(line -> readId(line)).toList()).containsExactly(3L, 4L, 5L);
        assertThat(rest[2]).isEmpty();
        assertThat(run("list", "--app-id", "8")[1]).isEmpty();
        assertThat(run("list", "--app-id", "7", "--limit", "0")[0]).isEqualTo("2");
    }

    @Test
    void a_read_only_command_is_read_only_it_changes_no_permission_and_creates_no_directory() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "this file system has no POSIX permissions");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = dir.resolve(SqliteDatabase.FILE_NAME);
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run("get", "--app-id", "7", "1")[0]).isEqualTo("0");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-r--r--");

        Path missing = dir.resolve("nothing-here");
        String[] r = run(missing, "list", "--app-id", "7");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).startsWith("roster: no Roster data in " + missing).doesNotContain("\tat ");
        assertThat(missing).doesNotExist();
    }

    private static long readId(String line) {
        try {
            return JSON.readTree(line).get("UserId").asLong();
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}
