package dev.roster.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * PostgreSQL (and, through the same SQL, compatible databases): one HikariCP pool for reads and writes,
 * schema migrated by Flyway at start. Several Roster nodes may share it. A request waits at most
 * {@link #CONNECTION_TIMEOUT} for a connection, so that an unreachable database turns into
 * {@code ServiceUnavailableTemp} quickly; the pool reconnects by itself when the database returns.
 */
public final class PostgresDatabase implements Database {
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final int CONNECT_TIMEOUT_SECONDS = 3;
    private static final int SOCKET_TIMEOUT_SECONDS = 30;

    private final HikariDataSource pool;
    private final String description;
    private final JdbcUserStore userStore;
    private final JdbcEventStore eventStore;
    private final JdbcBroadcastStore broadcastStore;

    private PostgresDatabase(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
        Transactions transactions = Transactions.perCall(pool, pool, new PostgresDialect());
        this.userStore = new JdbcUserStore(transactions);
        this.eventStore = new JdbcEventStore(transactions);
        this.broadcastStore = new JdbcBroadcastStore(transactions, eventStore);
    }

    /** Connects, migrates the schema, and keeps a pool of at most {@code poolSize} connections. */
    public static PostgresDatabase open(String jdbcUrl, String user, String password, int poolSize) {
        return open(jdbcUrl, user, password, poolSize, true);
    }

    /**
     * Connects to a database that already holds Roster's schema, for one look: nothing is created or
     * migrated; a database without the schema is a {@link StoreException} that says so.
     */
    public static PostgresDatabase openToRead(String jdbcUrl, String user, String password) {
        PostgresDatabase database = open(jdbcUrl, user, password, 1, false);
        try (Connection connection = database.pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1 FROM users LIMIT 0");
        } catch (SQLException e) {
            database.close();
            throw new StoreException("no Roster data in the database at " + withoutSecrets(jdbcUrl)
                    + " (it has no users table): " + e.getMessage(), false, e);
        }
        return database;
    }

    private static PostgresDatabase open(String jdbcUrl, String user, String password, int poolSize,
            boolean migrate) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("roster-postgresql");
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(2_000, CONNECTION_TIMEOUT.toMillis() - 250));
        config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
        config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
        config.addDataSourceProperty("tcpKeepAlive", true);
        config.addDataSourceProperty("ApplicationName", "roster");
        if (migrate) {
            // Flyway wants connections of its own, more than a small pool may hold.
            Migrations.flyway("postgresql")
                    .dataSource(jdbcUrl, user, password)
                    .load()
                    .migrate();
        }
        return new PostgresDatabase(new HikariDataSource(config), "PostgreSQL at " + withoutSecrets(jdbcUrl));
    }

    @Override
    public UserStore userStore() {
        return userStore;
    }

    @Override
    public KeyStore keyStore() {
        return new JdbcKeyStore(pool, pool, new PostgresDialect());
    }

    @Override
    public EventStore eventStore() {
        return eventStore;
    }

    @Override
    public BroadcastStore broadcastStore() {
        return broadcastStore;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void bindMetrics(MeterRegistry registry) {
        pool.setMetricRegistry(registry);
    }

    @Override
    public void close() {
        userStore.close();
        pool.close();
    }

    /** The URL without its query string, where a password may be. */
    static String withoutSecrets(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }
}
