package dev.roster.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Copies SQLite's write-ahead log back into the database on a thread of its own, so that the writer
 * never does it. Left to SQLite, the checkpoint runs inside the COMMIT that fills the log (1,000 pages):
 * with ten million users each changed user is a page of its own, and a writer profile showed 77% of
 * its time in COMMIT. A PASSIVE checkpoint runs beside the writer and readers, never waiting for them;
 * the log starts over from the beginning once a checkpoint has caught up. Durability is unchanged:
 * each commit is still synced to the log before it is answered.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final Duration every;
    private final Thread thread;
    private volatile boolean running = true;

    private WalCheckpointer(Connection connection, Duration every) {
        this.connection = connection;
        this.every = every;
        this.thread = new Thread(this::run, "roster-store-checkpoint");
        thread.setDaemon(true);
    }

    /** Starts checkpointing the database of {@code source} every {@code every}, on a connection of its own. */
    static WalCheckpointer start(SQLiteDataSource source, Duration every) throws SQLException {
        WalCheckpointer checkpointer = new WalCheckpointer(source.getConnection(), every);
        checkpointer.thread.start();
        return checkpointer;
    }

    private void run() {
        boolean warned = false;
        try (Statement statement = connection.createStatement()) {
            while (running) {
                try {
                    statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
                    warned = false;
                } catch (SQLException e) {
                    if (!warned) { // the writer's own commits keep working; say it once per run of failures
                        LOG.warn("write-ahead log checkpoint failed: {}", e.getMessage());
                        warned = true;
                    }
                }
                Thread.sleep(every.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            LOG.warn("write-ahead log checkpoints stopped: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing: nothing left to checkpoint that SQLite will not do when the last connection closes
        }
    }
}
