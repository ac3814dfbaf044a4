package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.roster.testing.Eventually;
import dev.roster.testing.LogCapture;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store does: files, modes, WAL; the common contract is UserStoreContractTest. */
class SqliteUserStoreTest {
    @TempDir
    Path dir;

    private SqliteDatabase database;
    private UserStore store;

    @BeforeEach
    void open() {
        database = SqliteDatabase.open(dir.resolve("data"), 2);
        store = database.userStore();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Profile profile(long userId, String nickName, long version) {
        return new Profile(1, userId, nickName, "p", List.of("b", "a"), Map.of("k", "v", "é", "中"), true, 10, 20,
                version);
    }

    private void put(Profile... profiles) {
        store.modify(1, java.util.Arrays.stream(profiles).map(Profile::userId).toList(),
                current -> new Plan<>(null, List.of(profiles), List.of()));
    }

    @Test
    void data_survives_closing_and_reopening() {
        put(profile(5, "five", 1));
        database.close();
        database = SqliteDatabase.open(dir.resolve("data"), 2);
        assertThat(database.userStore().find(1, List.of(5L)).get(5L)).isEqualTo(profile(5, "five", 1));
    }

    @Test
    void the_write_ahead_log_is_copied_into_the_database_off_the_writer() throws Exception {
        Path db = dir.resolve("data").resolve(SqliteDatabase.FILE_NAME);
        put(profile(5, "five", 1)); // the first write after migration; let a checkpoint settle it
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(Files.size(db)).isPositive());
        long before = Files.size(db);
        for (long id = 100; id < 400; id++) {
            put(new Profile(1, id, "x".repeat(200), "p".repeat(200), List.of(), Map.of(), false, 0, 0, 1));
        }
        // 300 writes fill far fewer pages than SQLite's own checkpoint waits for: only WalCheckpointer
        // copies them into the database file this soon.
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(Files.size(db)).isGreaterThan(before + 40_000));
    }

    @Test
    void the_data_directory_and_database_are_private_to_their_owner() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("data").resolve(SqliteDatabase.FILE_NAME))))
                .isEqualTo("rw-------");
    }

    @Test
    void the_database_runs_in_wal_mode() throws Exception {
        try (var connection = new org.sqlite.SQLiteDataSource() {
            {
                setUrl("jdbc:sqlite:" + database.file());
            }
        }.getConnection(); var statement = connection.createStatement()) {
            var mode = statement.executeQuery("PRAGMA journal_mode");
            assertThat(mode.getString(1)).isEqualTo("wal");
        }
    }

    @Test
    void ping_answers_while_the_database_is_open_and_fails_once_closed() {
        store.ping();
        database.close();
        assertThatThrownBy(store::ping).isInstanceOf(StoreException.class);
        database = SqliteDatabase.open(dir.resolve("data"), 2);
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void chmod(Path path, String mode) throws Exception {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    @Test
    void an_existing_data_directory_and_database_readable_by_others_are_made_owner_only_at_open_and_logged()
            throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "this file system has no POSIX permissions, so there is nothing to tighten");
        Path data = dir.resolve("data");
        Path db = data.resolve(SqliteDatabase.FILE_NAME);
        put(profile(5, "five", 1));
        database.close();
        chmod(data, "rwxr-xr-x");
        chmod(db, "rw-r--r--");
        Path wal = data.resolve(SqliteDatabase.FILE_NAME + "-wal");
        boolean hasWal = Files.exists(wal);
        if (hasWal) {
            chmod(wal, "rw-rw-rw-");
        }

        try (LogCapture log = LogCapture.of(SqliteDatabase.class)) {
            database = SqliteDatabase.open(data, 2);
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(db)).isEqualTo("rw-------");
            assertThat(log.messages()).anySatisfy(line -> assertThat(line).contains(data.toString(), "0755"))
                    .anySatisfy(line -> assertThat(line).contains(db.toString(), "0644"));
            if (hasWal) {
                assertThat(mode(wal)).isEqualTo("rw-------");
                assertThat(log.messages()).anySatisfy(line -> assertThat(line).contains(wal.toString(), "0666"));
            }
            assertThat(log.messages()).hasSize(hasWal ? 3 : 2);
        }
        assertThat(database.userStore().find(1, List.of(5L))).containsKey(5L);

        database.close();
        try (LogCapture log = LogCapture.of(SqliteDatabase.class)) {
            database = SqliteDatabase.open(data, 2);
            assertThat(log.messages()).as("nothing to say once owner-only").isEmpty();
        }
    }

    @Test
    void a_shared_directory_with_a_sticky_bit_is_left_as_it_is() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("unix"),
                "the sticky bit is visible only where the file system reports the whole unix mode");
        Path shared = dir.resolve("shared");
        Files.createDirectory(shared);
        Process chmod = new ProcessBuilder("chmod", "1777", shared.toString()).start();
        assumeTrue(chmod.waitFor() == 0, "chmod 1777 is not available here");
        try (LogCapture log = LogCapture.of(SqliteDatabase.class);
                SqliteDatabase other = SqliteDatabase.open(shared, 1)) {
            assertThat((Integer) Files.getAttribute(shared, "unix:mode") & 07777).isEqualTo(01777);
            assertThat(log.messages()).singleElement().asString()
                    .contains(shared.toString(), "1777", "sticky", "left as it is");
        }
    }

    @Test
    void opening_to_read_changes_nothing_and_creates_nothing() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "this file system has no POSIX permissions");
        Path data = dir.resolve("data");
        put(profile(5, "five", 1));
        database.close();
        chmod(data, "rwxr-xr-x");
        chmod(data.resolve(SqliteDatabase.FILE_NAME), "rw-r--r--");
        byte[] before = Files.readAllBytes(data.resolve(SqliteDatabase.FILE_NAME));

        try (SqliteDatabase reader = SqliteDatabase.openToRead(data, 1)) {
            assertThat(reader.userStore().find(1, List.of(5L))).containsKey(5L);
            assertThatThrownBy(() -> put(reader.userStore(), profile(6, "six", 1))).isInstanceOf(StoreException.class);
        }
        assertThat(mode(data)).isEqualTo("rwxr-xr-x");
        assertThat(mode(data.resolve(SqliteDatabase.FILE_NAME))).isEqualTo("rw-r--r--");
        assertThat(Files.readAllBytes(data.resolve(SqliteDatabase.FILE_NAME))).isEqualTo(before);
        assertThat(data.resolve(SqliteDatabase.FILE_NAME + "-wal")).as("nothing left behind").doesNotExist();
        assertThat(data.resolve(SqliteDatabase.FILE_NAME + "-shm")).doesNotExist();

        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> SqliteDatabase.openToRead(missing, 1)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no Roster data in " + missing);
        assertThat(missing).doesNotExist();
        database = SqliteDatabase.open(data, 2); // for close()
    }

    private static void put(UserStore store, Profile profile) {
        store.modify(1, List.of(profile.userId()), current -> new Plan<>(null, List.of(profile), List.of()));
    }
}
