package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
}
