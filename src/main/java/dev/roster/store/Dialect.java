package dev.roster.store;

import java.sql.Connection;
import java.sql.SQLException;

/** What differs between the SQL databases Roster runs on: transaction control and error classes. */
public interface Dialect {

    /** Starts a write transaction that holds the database's write lock (or row locks) as it goes. */
    void begin(Connection connection) throws SQLException;

    void commit(Connection connection) throws SQLException;

    /** Rolls back if a transaction is open; never throws. */
    void rollback(Connection connection);

    /** What to append to the SELECT of a write transaction so that the rows read stay ours until commit. */
    default String lockForWrite() {
        return "";
    }

    /**
     * What to write after a table's name in a FROM clause so that a query reads {@code index}: for a planner
     * that, without statistics, would rather scan in the order asked for than sort a short range.
     */
    default String indexedBy(String index) {
        return "";
    }

    /**
     * Opens a read-only transaction whose statements all see the database as it was at its first read.
     * {@link #endSnapshot} ends it.
     */
    void beginSnapshot(Connection connection) throws SQLException;

    void endSnapshot(Connection connection) throws SQLException;

    /** True when the database takes arrays as parameters, so that a batch of updates can be one statement. */
    default boolean hasArrays() {
        return false;
    }

    /**
     * True when writers commit side by side, so that change events are numbered after they commit
     * ({@link EventStore#sequence}) rather than as they are written.
     */
    default boolean numbersEventsAfterCommit() {
        return false;
    }

    /** True when the failure is worth retrying later: database unreachable, busy, out of space. */
    boolean isTransient(SQLException e);

    /** True when the transaction lost a race with another writer and should run again at once. */
    boolean isConflict(SQLException e);
}
