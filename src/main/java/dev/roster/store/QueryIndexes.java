package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code user_tags} in step with the profiles a plan writes, inside the plan's transaction: the
 * tags a put removed and added, the tags of a deleted user. A write that leaves a user's tags alone
 * touches no row here. (The folded NickName is a column of {@code users}, written with the row.)
 */
final class QueryIndexes {
    static final String ADD_TAG =
            "INSERT INTO user_tags (app_id, tag, user_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String REMOVE_TAG = "DELETE FROM user_tags WHERE app_id = ? AND tag = ? AND user_id = ?";
    private static final String REMOVE_APP = "DELETE FROM user_tags WHERE app_id = ?";

    private final StatementCache statements;

    QueryIndexes(StatementCache statements) {
        this.statements = statements;
    }

    static void bindTag(PreparedStatement statement, int appId, String tag, long userId) throws SQLException {
        statement.setInt(1, appId);
        statement.setString(2, tag);
        statement.setLong(3, userId);
    }

    /** Writes the tag rows {@code plan} changes; {@code current} holds the profiles it was planned from. */
    void apply(Connection connection, int appId, Map<Long, Profile> current, Plan<?> plan) throws SQLException {
        PreparedStatement adds = null;
        PreparedStatement removes = null;
        for (Profile after : plan.puts()) {
            Profile before = current.get(after.userId());
            List<String> old = before == null ? List.of() : before.tags();
            if (old.equals(after.tags())) {
                continue;
            }
            Set<String> gone = new LinkedHashSet<>(old);
            after.tags().forEach(gone::remove);
            for (String tag : gone) {
                removes = batch(connection, REMOVE_TAG, removes, appId, tag, after.userId());
            }
            Set<String> added = new LinkedHashSet<>(after.tags());
            old.forEach(added::remove);
            for (String tag : added) {
                adds = batch(connection, ADD_TAG, adds, appId, tag, after.userId());
            }
        }
        for (long userId : plan.deletes()) {
            for (String tag : current.get(userId).tags()) {
                removes = batch(connection, REMOVE_TAG, removes, appId, tag, userId);
            }
        }
        if (removes != null) {
            removes.executeBatch();
        }
        if (adds != null) {
            adds.executeBatch();
        }
    }

    /** Removes every tag row of {@code appId} (ResetApp). */
    void removeApp(Connection connection, int appId) throws SQLException {
        PreparedStatement remove = statements.prepare(connection, REMOVE_APP);
        remove.setInt(1, appId);
        remove.executeUpdate();
    }

    private PreparedStatement batch(Connection connection, String sql, PreparedStatement open, int appId, String tag,
            long userId) throws SQLException {
        PreparedStatement statement = open;
        if (statement == null) {
            statement = statements.prepare(connection, sql);
            statement.clearBatch(); // whatever an earlier failure left behind
        }
        bindTag(statement, appId, tag, userId);
        statement.addBatch();
        return statement;
    }
}
