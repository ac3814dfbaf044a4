package dev.roster.store;

import dev.roster.text.CaseFolding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 5: fills the query indexes of V4 ({@code users.nick_fold}, {@code user_tags}) for the users
 * stored before it, with the same folding and the same tags the store writes for new ones, which SQL alone
 * cannot compute. Walks the users 1,000 at a time in key order, in the migration's transaction.
 */
final class QueryIndexBackfill implements JavaMigration {
    private static final int BATCH = 1_000;
    private static final String PAGE = "SELECT app_id, user_id, nick_name, tags FROM users"
            + " WHERE (app_id, user_id) > (?, ?) ORDER BY app_id, user_id LIMIT " + BATCH;
    private static final String SET_FOLD = "UPDATE users SET nick_fold = ? WHERE app_id = ? AND user_id = ?";

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("5");
    }

    @Override
    public String getDescription() {
        return "query index backfill";
    }

    @Override
    public Integer getChecksum() {
        return 5;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement page = connection.prepareStatement(PAGE);
                PreparedStatement setFold = connection.prepareStatement(SET_FOLD);
                PreparedStatement addTag = connection.prepareStatement(QueryIndexes.ADD_TAG)) {
            int appId = 0;
            long userId = 0;
            while (true) {
                page.setInt(1, appId); // a row value: one range of the primary key on both databases
                page.setLong(2, userId);
                int rows = 0;
                try (ResultSet users = page.executeQuery()) {
                    while (users.next()) {
                        rows++;
                        appId = users.getInt(1);
                        userId = users.getLong(2);
                        String fold = CaseFolding.fold(users.getString(3));
                        if (!fold.isEmpty()) {
                            setFold.setString(1, fold);
                            setFold.setInt(2, appId);
                            setFold.setLong(3, userId);
                            setFold.addBatch();
                        }
                        List<String> tags = JsonColumns.tags(users.getString(4));
                        for (String tag : tags) {
                            QueryIndexes.bindTag(addTag, appId, tag, userId);
                            addTag.addBatch();
                        }
                    }
                }
                setFold.executeBatch();
                addTag.executeBatch();
                if (rows < BATCH) {
                    return;
                }
            }
        }
    }
}
