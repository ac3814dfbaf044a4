package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements kept per physical connection, so that each SQL text is compiled once per
 * connection rather than once per request. Neither sqlite-jdbc nor HikariCP keeps them (HikariCP
 * closes a statement with the borrowed connection it came from, by design); compiling the same dozen
 * statements again was a fifth of the server's CPU on small requests.
 *
 * <p>Statements are prepared on the connection under the pool's proxy, so returning the connection
 * to the pool leaves them open. A physical connection is used by one thread at a time (the pool
 * hands it out once), so its statements need no lock; a connection the pool has closed is dropped
 * with its statements the next time a new connection appears.
 */
final class StatementCache {
    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new ConcurrentHashMap<>();

    /**
     * The statement for {@code sql} on {@code pooled}'s physical connection, ready for new parameters.
     * The caller closes its result sets, never the statement.
     */
    PreparedStatement prepare(Connection pooled, String sql) throws SQLException {
        Connection physical = pooled.unwrap(Connection.class);
        Map<String, PreparedStatement> statements = byConnection.get(physical);
        if (statements == null) {
            byConnection.keySet().removeIf(StatementCache::isClosed);
            statements = new HashMap<>();
            byConnection.put(physical, statements);
        }
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = physical.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Closes every statement kept, for a store that is closing. */
    void clear() {
        byConnection.values().forEach(statements -> statements.values().forEach(StatementCache::closeQuietly));
        byConnection.clear();
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Its connection is gone already; so is the statement.
        }
    }
}
