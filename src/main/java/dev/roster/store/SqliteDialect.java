package dev.roster.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: transactions are opened with {@code BEGIN IMMEDIATE} on an auto-commit connection, so the
 * write lock is taken up front (no lock-upgrade deadlocks) and released at {@code COMMIT}. The JDBC
 * {@code setAutoCommit(false)} route is avoided because sqlite-jdbc reopens a transaction right after
 * each commit, which would keep the write lock while the connection sits idle in the pool.
 */
final class SqliteDialect implements Dialect {

    @Override
    public void begin(Connection connection) throws SQLException {
        exec(connection, "BEGIN IMMEDIATE");
    }

    @Override
    public void commit(Connection connection) throws SQLException {
        exec(connection, "COMMIT");
    }

    @Override
    public void rollback(Connection connection) {
        try {
            exec(connection, "ROLLBACK");
        } catch (SQLException ignored) {
            // No transaction was open, or the connection is gone: either way the transaction is over.
        }
    }

    @Override
    public String indexedBy(String index) {
        return " INDEXED BY " + index;
    }

    /** A deferred transaction: in WAL mode it reads one snapshot from its first read to its end. */
    @Override
    public void beginSnapshot(Connection connection) throws SQLException {
        exec(connection, "BEGIN");
    }

    @Override
    public void endSnapshot(Connection connection) throws SQLException {
        exec(connection, "COMMIT");
    }

    @Override
    public boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException) {
            return true;
        }
        if (e instanceof SQLiteException s) {
            int primary = s.getResultCode().code & 0xff;
            return primary == SQLiteErrorCode.SQLITE_BUSY.code
                    || primary == SQLiteErrorCode.SQLITE_LOCKED.code
                    || primary == SQLiteErrorCode.SQLITE_NOMEM.code
                    || primary == SQLiteErrorCode.SQLITE_READONLY.code
                    || primary == SQLiteErrorCode.SQLITE_IOERR.code
                    || primary == SQLiteErrorCode.SQLITE_FULL.code
                    || primary == SQLiteErrorCode.SQLITE_CANTOPEN.code
                    || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code;
        }
        return false;
    }

    @Override
    public boolean isConflict(SQLException e) {
        // One writer connection per process and BEGIN IMMEDIATE: writers queue, they never race.
        return false;
    }

    private static void exec(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
