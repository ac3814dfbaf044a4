package dev.roster.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;

/**
 * PostgreSQL: JDBC transactions at READ COMMITTED, rows read for a write locked in user-id order
 * ({@code FOR UPDATE}) so concurrent writers from several nodes queue instead of racing; a lost race
 * (serialization failure, deadlock, a row inserted meanwhile) runs the transaction again.
 */
final class PostgresDialect implements Dialect {

    @Override
    public void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
    }

    /**
     * Only the COMMIT: once it returned, the write is acknowledged; nothing may fail after it. The pool
     * restores auto-commit when the connection goes back to it.
     */
    @Override
    public void commit(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    public void rollback(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is broken; the pool will discard it and the database rolls back.
        }
    }

    /**
     * REPEATABLE READ: one snapshot for every statement. Set for this transaction only, in the statement that
     * opens it: the connection's own settings, which the pool would have to restore, stay as they are.
     */
    @Override
    public void beginSnapshot(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    @Override
    public void endSnapshot(Connection connection) throws SQLException {
        connection.commit();
    }

    @Override
    public String lockForWrite() {
        return " FOR UPDATE";
    }

    @Override
    public boolean hasArrays() {
        return true;
    }

    @Override
    public boolean numbersEventsAfterCommit() {
        return true;
    }

    @Override
    public boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException) {
            return true;
        }
        String state = e.getSQLState();
        if (state == null) {
            // No server answer at all: the driver lost the connection.
            return true;
        }
        return state.startsWith("08") // connection exception
                || state.startsWith("53") // insufficient resources: disk full, out of memory, too many connections
                || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
                || state.equals("40001") || state.equals("40P01");
    }

    @Override
    public boolean isConflict(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }
}
