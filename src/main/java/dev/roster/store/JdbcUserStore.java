package dev.roster.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * {@link UserStore} over plain SQL that SQLite and PostgreSQL both understand. Writes are optimistic:
 * an update or delete names the version it was planned from, an insert does nothing if the row
 * appeared meanwhile, and a plan that touched fewer rows than expected is rolled back and planned again.
 * Tags and Ext are stored as JSON text.
 */
public final class JdbcUserStore implements UserStore {
    private static final int MAX_ATTEMPTS = 10;
    private static final TypeReference<List<String>> TAGS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, String>> EXT = new TypeReference<>() {};
    private static final String COLUMNS =
            "user_id, nick_name, portrait, tags, ext, is_robot, create_time, modify_time, version";

    private final DataSource readPool;
    private final DataSource writePool;
    private final Dialect dialect;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcUserStore(DataSource readPool, DataSource writePool, Dialect dialect) {
        this.readPool = readPool;
        this.writePool = writePool;
        this.dialect = dialect;
    }

    @Override
    public Map<Long, Profile> find(int appId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = readPool.getConnection()) {
            return select(connection, appId, userIds, "");
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    @Override
    public List<Profile> list(int appId, long afterUserId, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM users WHERE app_id = ? AND user_id > ? ORDER BY user_id LIMIT ?";
        try (Connection connection = readPool.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, appId);
            statement.setLong(2, afterUserId);
            statement.setInt(3, limit);
            List<Profile> profiles = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    profiles.add(profile(appId, rows));
                }
            }
            return profiles;
        } catch (SQLException e) {
            throw failure("list", e);
        }
    }

    @Override
    public <R> R modify(int appId, Collection<Long> userIds, Mutation<R> mutation) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try (Connection connection = writePool.getConnection()) {
                dialect.begin(connection);
                try {
                    Map<Long, Profile> current = select(connection, appId, userIds, dialect.lockForWrite());
                    Plan<R> plan = mutation.plan(Collections.unmodifiableMap(current));
                    if (plan.isEmpty()) {
                        dialect.rollback(connection);
                        return plan.result();
                    }
                    if (write(connection, appId, current, plan)) {
                        dialect.commit(connection);
                        return plan.result();
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

    @Override
    public void ping() {
        try (Connection connection = readPool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            throw failure("ping", e);
        }
    }

    @Override
    public void close() {
        // The pools belong to whoever opened the database; nothing of our own to release.
    }

    private Map<Long, Profile> select(Connection connection, int appId, Collection<Long> userIds, String lock)
            throws SQLException {
        // Ordered, so that writers that lock rows lock them in the same order and cannot deadlock.
        String sql = "SELECT " + COLUMNS + " FROM users WHERE app_id = ? AND user_id IN ("
                + String.join(",", Collections.nCopies(userIds.size(), "?")) + ") ORDER BY user_id" + lock;
        Map<Long, Profile> found = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setInt(index++, appId);
            for (long userId : userIds) {
                statement.setLong(index++, userId);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Profile profile = profile(appId, rows);
                    found.put(profile.userId(), profile);
                }
            }
        }
        return found;
    }

    /** The profile in the current row, read in the order of {@link #COLUMNS}. */
    private Profile profile(int appId, ResultSet rows) throws SQLException {
        return new Profile(appId, rows.getLong(1), rows.getString(2), rows.getString(3),
                decode(rows.getString(4), TAGS), decode(rows.getString(5), EXT), rows.getBoolean(6),
                rows.getLong(7), rows.getLong(8), rows.getLong(9));
    }

    /** Applies the plan; false when a concurrent writer got there first and the plan must be redone. */
    private boolean write(Connection connection, int appId, Map<Long, Profile> current, Plan<?> plan)
            throws SQLException {
        // A fixed order of row locks keeps concurrent batches from deadlocking one another.
        List<Profile> puts = new ArrayList<>(plan.puts());
        puts.sort(Comparator.comparingLong(Profile::userId));
        List<Long> deletes = new ArrayList<>(plan.deletes());
        Collections.sort(deletes);

        for (Profile profile : puts) {
            Profile before = current.get(profile.userId());
            int changed = before == null ? insert(connection, profile) : update(connection, profile, before.version());
            if (changed != 1) {
                return false;
            }
        }
        for (long userId : deletes) {
            Profile before = current.get(userId);
            if (before == null || delete(connection, appId, userId, before.version()) != 1) {
                return false;
            }
        }
        return true;
    }

    private int insert(Connection connection, Profile p) throws SQLException {
        String sql = "INSERT INTO users (app_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (app_id, user_id) DO NOTHING";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, p.appId());
            statement.setLong(2, p.userId());
            bindContent(statement, 3, p);
            return statement.executeUpdate();
        }
    }

    private int update(Connection connection, Profile p, long expectedVersion) throws SQLException {
        String sql = "UPDATE users SET nick_name = ?, portrait = ?, tags = ?, ext = ?, is_robot = ?,"
                + " create_time = ?, modify_time = ?, version = ?"
                + " WHERE app_id = ? AND user_id = ? AND version = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int next = bindContent(statement, 1, p);
            statement.setInt(next++, p.appId());
            statement.setLong(next++, p.userId());
            statement.setLong(next, expectedVersion);
            return statement.executeUpdate();
        }
    }

    private static int delete(Connection connection, int appId, long userId, long expectedVersion)
            throws SQLException {
        String sql = "DELETE FROM users WHERE app_id = ? AND user_id = ? AND version = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, appId);
            statement.setLong(2, userId);
            statement.setLong(3, expectedVersion);
            return statement.executeUpdate();
        }
    }

    /** Binds nick_name .. version from {@code first} on; returns the next free parameter index. */
    private int bindContent(PreparedStatement statement, int first, Profile p) throws SQLException {
        int i = first;
        statement.setString(i++, p.nickName());
        statement.setString(i++, p.portrait());
        statement.setString(i++, encode(p.tags()));
        statement.setString(i++, encode(p.ext()));
        statement.setBoolean(i++, p.isRobot());
        statement.setLong(i++, p.createTime());
        statement.setLong(i++, p.modifyTime());
        statement.setLong(i++, p.version());
        return i;
    }

    private String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T decode(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON column is corrupt", false, e);
        }
    }

    private StoreException failure(String operation, SQLException e) {
        return new StoreException(operation + " failed: " + e.getMessage(), dialect.isTransient(e), e);
    }
}
