package dev.roster.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file, {@code roster.db}, in the data directory, in WAL mode with
 * {@code synchronous=FULL} so that every acknowledged commit is on disk before the answer leaves.
 *
 * <p>Writes go through a pool of exactly one connection (SQLite has one writer at a time), used by
 * one thread that commits them in groups ({@link GroupCommit}); reads use a pool of their own and,
 * thanks to WAL, never wait for a writer.
 *
 * <p>The directory and its database files are kept owner-only: {@link #open} creates them so and takes
 * group and other permissions away from existing ones. {@link #openToRead} changes nothing at all.
 */
public final class SqliteDatabase implements Database {
    public static final String FILE_NAME = "roster.db";
    /** The database file and the two SQLite keeps beside it in WAL mode. */
    private static final List<String> FILE_SUFFIXES = List.of("", "-wal", "-shm");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    /** setuid, setgid and sticky, which {@link PosixFilePermission} cannot express and so cannot keep. */
    private static final int SPECIAL_BITS = 07000;
    private static final int BUSY_TIMEOUT_MS = 5_000;
    private static final Duration CHECKPOINT_EVERY = Duration.ofMillis(50);
    /** 40 MiB of log at 4 KiB pages (SQLite's own default is 1,000 pages). */
    private static final int BACKSTOP_CHECKPOINT_PAGES = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    private final Path file;
    private final HikariDataSource writePool;
    private final HikariDataSource readPool;
    private final JdbcUserStore userStore;
    private final JdbcEventStore eventStore;
    private final JdbcBroadcastStore broadcastStore;
    /** Null when opened to read. */
    private final WalCheckpointer checkpointer;

    private SqliteDatabase(Path file, HikariDataSource writePool, HikariDataSource readPool,
            Transactions transactions, WalCheckpointer checkpointer) {
        this.file = file;
        this.writePool = writePool;
        this.readPool = readPool;
        this.userStore = new JdbcUserStore(transactions);
        this.eventStore = new JdbcEventStore(transactions);
        this.broadcastStore = new JdbcBroadcastStore(transactions, eventStore);
        this.checkpointer = checkpointer;
    }

    /**
     * Opens the store to read and write: creates the directory and database if needed (owner-only), makes
     * existing ones owner-only, and migrates the schema.
     */
    public static SqliteDatabase open(Path dataDir, int readConnections) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        tighten(file.getParent());
        FILE_SUFFIXES.forEach(suffix -> tighten(file.resolveSibling(FILE_NAME + suffix)));
        createPrivately(dataDir, file);
        SQLiteDataSource source = dataSource(file);
        Migrations.flyway("sqlite")
                .dataSource(source)
                .load()
                .migrate();
        HikariDataSource writePool = pool(source, "roster-sqlite-write", 1, null);
        HikariDataSource readPool = null;
        try {
            readPool = pool(source, "roster-sqlite-read", readConnections, "PRAGMA query_only = 1");
            WalCheckpointer checkpointer = WalCheckpointer.start(source, CHECKPOINT_EVERY); // last to fail
            return new SqliteDatabase(file, writePool, readPool,
                    Transactions.grouped(readPool, writePool, new SqliteDialect()), checkpointer);
        } catch (RuntimeException | SQLException e) {
            if (readPool != null) {
                readPool.close();
            }
            writePool.close();
            throw e instanceof RuntimeException r ? r : new StoreException("cannot open " + file, false, e);
        }
    }

    /**
     * Opens an existing store to read only, for commands that look: creates, migrates and changes nothing,
     * and every connection is {@code query_only}. Fails if there is no store in {@code dataDir} or its
     * schema is older than this Roster's (serve migrates it).
     */
    public static SqliteDatabase openToRead(Path dataDir, int readConnections) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no Roster data in " + dataDir + ": " + file + " does not exist", false, null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + file);
        HikariDataSource readPool = pool(source, "roster-sqlite-read", readConnections, "PRAGMA query_only = 1");
        try {
            int pending = Migrations.flyway("sqlite").dataSource(readPool).load()
                    .info().pending().length;
            if (pending > 0) {
                throw new StoreException("the data in " + dataDir + " is not at this Roster's schema (" + pending
                        + " migrations pending); start serve once to migrate it", false, null);
            }
            return new SqliteDatabase(file, readPool, readPool,
                    Transactions.perCall(readPool, readPool, new SqliteDialect()), null);
        } catch (RuntimeException e) {
            readPool.close();
            throw e;
        }
    }

    /** The one user store of this database: its writes commit in groups (see {@link GroupCommit}). */
    @Override
    public UserStore userStore() {
        return userStore;
    }

    @Override
    public KeyStore keyStore() {
        return new JdbcKeyStore(readPool, writePool, new SqliteDialect());
    }

    @Override
    public EventStore eventStore() {
        return eventStore;
    }

    @Override
    public BroadcastStore broadcastStore() {
        return broadcastStore;
    }

    public Path file() {
        return file;
    }

    @Override
    public String describe() {
        return "SQLite at " + file;
    }

    /**
     * The pools' use, and the group commit's figures: {@code roster_store_commit_writes} (a histogram of
     * the writes that shared each transaction), {@code roster_store_writes_queued}.
     */
    @Override
    public void bindMetrics(MeterRegistry registry) {
        writePool.setMetricRegistry(registry);
        if (readPool != writePool) {
            readPool.setMetricRegistry(registry);
        }
        GroupCommit groups = userStore.groupCommit();
        if (groups != null) {
            DistributionSummary sizes = DistributionSummary.builder("roster.store.commit.writes")
                    .description("Writes that shared one transaction (and its one fsync)")
                    .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                    .register(registry);
            groups.onCommit(sizes::record);
            Gauge.builder("roster.store.writes.queued", groups, GroupCommit::queued)
                    .description("Writes waiting for the next transaction")
                    .register(registry);
        }
    }

    @Override
    public void close() {
        userStore.close();
        if (checkpointer != null) {
            checkpointer.close();
        }
        readPool.close();
        writePool.close(); // a second close of the same pool, when opened to read, does nothing
    }

    private static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // WalCheckpointer keeps the log short; this is only the backstop should it fall behind.
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, String.valueOf(BACKSTOP_CHECKPOINT_PAGES));
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

    /**
     * Takes group and other permissions away from an existing directory or file, keeping the owner's, and
     * says so in the log. Leaves alone what has setuid, setgid or sticky bits (a shared directory such as
     * /tmp, which chmod through {@link PosixFilePermission} would strip) and what it may not change.
     */
    private static void tighten(Path path) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null || !Files.exists(path)) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = view.readAttributes().permissions();
            if (mode.stream().noneMatch(GROUP_AND_OTHERS::contains)) {
                return;
            }
            int unixMode = unixMode(path);
            if ((unixMode & SPECIAL_BITS) != 0) {
                LOG.warn("{} is open to group or others ({}) but has setuid, setgid or sticky bits: left as it is;"
                        + " give Roster a directory of its own", path, String.format("%04o", unixMode & 07777));
                return;
            }
            Set<PosixFilePermission> ownerOnly = EnumSet.copyOf(mode);
            ownerOnly.removeAll(GROUP_AND_OTHERS);
            view.setPermissions(ownerOnly);
            LOG.warn("{} was open to group or others ({}): now owner-only ({})", path, describe(mode),
                    describe(ownerOnly));
        } catch (IOException e) {
            LOG.warn("{} is open to group or others and could not be made owner-only: {}", path, e.toString());
        }
    }

    /** The whole mode where the file system tells it (Linux, macOS); 0 where it does not. */
    private static int unixMode(Path path) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("unix")) {
            return 0;
        }
        return (Integer) Files.getAttribute(path, "unix:mode");
    }

    /** For the log: {@code 0755 (rwxr-xr-x)}. */
    private static String describe(Set<PosixFilePermission> mode) {
        int bits = 0;
        for (PosixFilePermission permission : mode) {
            bits |= 0400 >> permission.ordinal();
        }
        return String.format("%04o (%s)", bits, PosixFilePermissions.toString(mode));
    }

    private static Optional<FileAttribute<?>> posix(String mode) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        return Optional.of(PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    }
}
