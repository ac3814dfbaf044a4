package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** {@link KeyStore} in the {@code access_keys} table; the scope is {@code *} or comma-separated AppIds. */
public final class JdbcKeyStore implements KeyStore {
    private static final String COLUMNS = "access_key_id, secret, scope, enabled, is_root, created_time";

    private final DataSource readPool;
    private final DataSource writePool;
    private final Dialect dialect;

    public JdbcKeyStore(DataSource readPool, DataSource writePool, Dialect dialect) {
        this.readPool = readPool;
        this.writePool = writePool;
        this.dialect = dialect;
    }

    @Override
    public Optional<AccessKey> find(String accessKeyId) {
        List<AccessKey> found = query("SELECT " + COLUMNS + " FROM access_keys WHERE access_key_id = ?", accessKeyId);
        return found.stream().findFirst();
    }

    @Override
    public List<AccessKey> list() {
        return query("SELECT " + COLUMNS + " FROM access_keys ORDER BY created_time, access_key_id");
    }

    @Override
    public boolean create(AccessKey key) {
        return update("INSERT INTO access_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (access_key_id) DO NOTHING",
                key.accessKeyId(), key.secret(), key.scopeText(), key.enabled(), key.root(), key.createdTime());
    }

    @Override
    public boolean updateSecret(String accessKeyId, String secret) {
        return update("UPDATE access_keys SET secret = ? WHERE access_key_id = ?", secret, accessKeyId);
    }

    @Override
    public boolean setEnabled(String accessKeyId, boolean enabled) {
        return update("UPDATE access_keys SET enabled = ? WHERE access_key_id = ?", enabled, accessKeyId);
    }

    @Override
    public boolean delete(String accessKeyId) {
        return update("DELETE FROM access_keys WHERE access_key_id = ?", accessKeyId);
    }

    private List<AccessKey> query(String sql, Object... parameters) {
        try (Connection connection = readPool.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet rows = statement.executeQuery()) {
            List<AccessKey> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(new AccessKey(rows.getString(1), rows.getString(2), parseScope(rows.getString(3)),
                        rows.getBoolean(4), rows.getBoolean(5), rows.getLong(6)));
            }
            return keys;
        } catch (SQLException e) {
            throw new StoreException("key lookup failed: " + e.getMessage(), dialect.isTransient(e), e);
        }
    }

    private boolean update(String sql, Object... parameters) {
        try (Connection connection = writePool.getConnection();
                PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("key update failed: " + e.getMessage(), dialect.isTransient(e), e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
        return statement;
    }

    private static Set<Integer> parseScope(String scope) {
        if (scope.equals("*")) {
            return null;
        }
        return scope.isEmpty() ? Set.of()
                : Arrays.stream(scope.split(",")).map(Integer::valueOf).collect(Collectors.toSet());
    }
}
