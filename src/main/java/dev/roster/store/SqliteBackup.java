package dev.roster.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * Backup and restore of the embedded store. A backup is SQLite's {@code VACUUM INTO}: one consistent,
 * compact database file, taken from a separate read connection while the server keeps writing (a reader
 * of a WAL database sees one snapshot, so the copy holds every write committed before it began and none
 * after). A restore checks the file, then replaces the store while no server holds the directory.
 */
public final class SqliteBackup {
    private SqliteBackup() {}

    /** What a backup or a restore copied. */
    public record Copy(Path file, long bytes, long users) {}

    /** Copies the store of {@code dataDir} to {@code target}, which must not exist yet. */
    public static Copy backup(Path dataDir, Path target) {
        Path file = dataDir.resolve(SqliteDatabase.FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no Roster data in " + dataDir + ": " + file + " does not exist", false, null);
        }
        if (Files.exists(target)) {
            throw new StoreException(target + " exists already; a backup never overwrites a file", false, null);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            try (Statement pragma = connection.createStatement()) {
                pragma.execute("PRAGMA busy_timeout = 5000");
            }
            vacuum.setString(1, target.toAbsolutePath().toString());
            vacuum.execute();
        } catch (SQLException e) {
            throw new StoreException("backup of " + file + " to " + target + " failed: " + e.getMessage(), false, e);
        }
        return check(target);
    }

    /**
     * Puts the backup {@code source} in place as the store of {@code dataDir}. Refused while a server holds
     * the directory, and, unless {@code replace}, when the directory holds a store already.
     */
    public static Copy restore(Path source, Path dataDir, boolean replace) {
        Copy checked = check(source);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create " + dataDir + ": " + e.getMessage(), false, e);
        }
        try (DataDirLock lock = DataDirLock.exclusive(dataDir)) {
            Path file = dataDir.resolve(SqliteDatabase.FILE_NAME);
            if (Files.exists(file) && !replace) {
                throw new StoreException(dataDir + " holds a store already; give --force to replace it", false, null);
            }
            Path incoming = dataDir.resolve(SqliteDatabase.FILE_NAME + ".restoring");
            Files.copy(source, incoming, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(incoming, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            // The old store's log must not be replayed over the restored file.
            Files.deleteIfExists(dataDir.resolve(SqliteDatabase.FILE_NAME + "-wal"));
            Files.deleteIfExists(dataDir.resolve(SqliteDatabase.FILE_NAME + "-shm"));
            Files.move(incoming, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel directory = FileChannel.open(dataDir, StandardOpenOption.READ)) {
                directory.force(true);
            }
            return new Copy(file, checked.bytes(), checked.users());
        } catch (IOException e) {
            throw new StoreException("restore into " + dataDir + " failed: " + e.getMessage(), false, e);
        }
    }

    /** Opens {@code file} read-only and checks that it is a whole Roster store; returns its size and user count. */
    static Copy check(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + " does not exist", false, null);
        }
        SQLiteConfig readOnly = new SQLiteConfig();
        readOnly.setReadOnly(true);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(),
                readOnly.toProperties());
                Statement statement = connection.createStatement()) {
            try (ResultSet check = statement.executeQuery("PRAGMA quick_check")) {
                if (!check.next() || !"ok".equals(check.getString(1))) {
                    throw new StoreException(file + " is damaged (SQLite's quick_check failed)", false, null);
                }
            }
            try (ResultSet users = statement.executeQuery("SELECT count(*) FROM users")) {
                users.next();
                return new Copy(file, Files.size(file), users.getLong(1));
            }
        } catch (SQLException | IOException e) {
            throw new StoreException(file + " is not a Roster backup: " + e.getMessage(), false, e);
        }
    }
}
