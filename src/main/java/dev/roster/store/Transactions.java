package dev.roster.store;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * How a database's stores reach it: reads on the read pool, write transactions either one per call
 * ({@link #perCall}: PostgreSQL, where connections write side by side under row locks) or grouped
 * ({@link #grouped}: SQLite's single writer, see {@link GroupCommit}), and the prepared statements kept
 * per connection. The user store and the event store of one database share one, so that on SQLite their
 * writes share the one writer and its groups.
 */
final class Transactions implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 10;

    private final DataSource readPool;
    private final DataSource writePool;
    private final Dialect dialect;
    private final StatementCache statements = new StatementCache();
    private final GroupCommit groupCommit;

    private Transactions(DataSource readPool, DataSource writePool, Dialect dialect, boolean grouped) {
        this.readPool = readPool;
        this.writePool = writePool;
        this.dialect = dialect;
        this.groupCommit = grouped ? new GroupCommit(writePool, dialect, statements, this::failure) : null;
    }

    static Transactions perCall(DataSource readPool, DataSource writePool, Dialect dialect) {
        return new Transactions(readPool, writePool, dialect, false);
    }

    static Transactions grouped(DataSource readPool, DataSource writePool, Dialect dialect) {
        return new Transactions(readPool, writePool, dialect, true);
    }

    /** One write: reads, plans and writes inside the open transaction. */
    @FunctionalInterface
    interface Work<R> {
        Attempt<R> run(Connection connection) throws SQLException;
    }

    /** One read on a connection of the read pool. */
    @FunctionalInterface
    interface Read<R> {
        R run(Connection connection) throws SQLException;
    }

    /**
     * What one try at a write left: whether it was written (or had nothing to write), and the result.
     * Not written means a concurrent writer got there first: undo and plan again.
     */
    record Attempt<R>(boolean written, R result) {}

    Dialect dialect() {
        return dialect;
    }

    StatementCache statements() {
        return statements;
    }

    /** Runs {@code work} in a write transaction: in the next group on SQLite, in one of its own (retried on a conflict) on PostgreSQL. */
    <R> R write(Work<R> work) {
        if (groupCommit != null) {
            return groupCommit.run(work);
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection connection = writePool.getConnection()) {
                dialect.begin(connection);
                try {
                    Attempt<R> done = work.run(connection);
                    if (done.written()) {
                        dialect.commit(connection);
                        return done.result();
                    }
                    dialect.rollback(connection);
                } catch (SQLException | RuntimeException e) {
                    dialect.rollback(connection);
                    throw e;
                }
            } catch (SQLException e) {
                if (!dialect.isConflict(e)) {
                    throw failure("write", e);
                }
            }
        }
        throw new StoreException("write kept conflicting with concurrent writers", true, null);
    }

    /** Runs {@code work} on a connection of the read pool; {@code operation} names it in a failure. */
    <R> R read(String operation, Read<R> work) {
        try (Connection connection = readPool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /**
     * Runs {@code work} in a read-only transaction on the read pool, so that all its statements see one
     * snapshot of the database.
     */
    <R> R snapshot(String operation, Read<R> work) {
        return read(operation, connection -> {
            dialect.beginSnapshot(connection);
            boolean ended = false;
            try {
                R result = work.run(connection);
                dialect.endSnapshot(connection);
                ended = true;
                return result;
            } finally {
                if (!ended) {
                    // Also on an Error: SQLite's BEGIN is plain SQL, the pool would not know to end it.
                    dialect.rollback(connection);
                }
            }
        });
    }

    /** The group commit of the writes; null when each write is a transaction of its own. */
    GroupCommit groupCommit() {
        return groupCommit;
    }

    StoreException failure(String operation, SQLException e) {
        return new StoreException(operation + " failed: " + e.getMessage(), dialect.isTransient(e), e);
    }

    /** Stops grouping writes (those queued are still committed) and closes the kept statements. */
    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        statements.clear();
    }
}
