package dev.roster.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file, {@code roster.db}, in the data directory, in WAL mode with
 * {@code synchronous=FULL} so that every acknowledged commit is on disk before the answer leaves.
 *
 * <p>Writes go through a pool of exactly one connection (SQLite has one writer at a time; queuing in
 * the pool is cheaper than spinning on SQLITE_BUSY); reads use a pool of their own and, thanks to WAL,
 * never wait for a writer.
 */
public final class SqliteDatabase implements Database {
    public static final String FILE_NAME = "roster.db";
    private static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;

    private SqliteDatabase(Path file, HikariDataSource writePool, HikariDataSource readPool) {
        this.file = file;
        this.writePool = writePool;
        this.readPool = readPool;
    }

    /** Creates the directory and database if needed (owner-only permissions) and migrates the schema. */
    public static SqliteDatabase open(Path dataDir, int readConnections) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        createPrivately(dataDir, file);
        SQLiteDataSource source = dataSource(file);
        Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/migration/sqlite")
                .load()
                .migrate();
        HikariDataSource writePool = pool(source, "roster-sqlite-write", 1, null);
        try {
            HikariDataSource readPool = pool(source, "roster-sqlite-read", readConnections, "PRAGMA query_only = 1");
            return new SqliteDatabase(file, writePool, readPool);
        } catch (RuntimeException e) {
            writePool.close();
            throw e;
        }
    }

    @Override
    public UserStore userStore() {
        return new JdbcUserStore(readPool, writePool, new SqliteDialect());
    }

    @Override
    public KeyStore keyStore() {
        return new JdbcKeyStore(readPool, writePool, new SqliteDialect());
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "SQLite at " + file;
    }

    @Override
    public void close() {
        readPool.close();
        writePool.close();
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        return source;
    }

    private static HikariDataSource pool(SQLiteDataSource source, String name, int size, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(source);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    private static void createPrivately(Path dataDir, Path file) {
        Optional<FileAttribute<?>> dirMode = posix("rwx------");
        Optional<FileAttribute<?>> fileMode = posix("rw-------");
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(dataDir, dirMode.stream().toArray(FileAttribute[]::new));
            }
            if (!Files.exists(file)) {
                // SQLite gives its -wal and -shm files the mode of the database file, so this covers all three.
                Files.createFile(file, fileMode.stream().toArray(FileAttribute[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
    }

    private static Optional<FileAttribute<?>> posix(String mode) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        return Optional.of(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    }
}
