package dev.roster;

import dev.roster.api.Actions;
import dev.roster.auth.Authenticator;
import dev.roster.auth.UncheckedAuthenticator;
import dev.roster.http.ApiHandler;
import dev.roster.http.RosterServer;
import dev.roster.store.SqliteDatabase;
import dev.roster.store.UserStore;
import dev.roster.users.UserService;
import java.net.URI;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Roster: the one place where the object graph is wired, by hand, from a
 * {@link RosterConfig}. {@link #close()} shuts it down gracefully.
 */
public final class Roster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Roster.class);
    private static final int SQLITE_READERS = 4;

    private final RosterConfig config;
    private final SqliteDatabase database;
    private final RosterServer server;

    private Roster(RosterConfig config, SqliteDatabase database, RosterServer server) {
        this.config = config;
        this.database = database;
        this.server = server;
    }

    public static Roster start(RosterConfig config) throws Exception {
        Clock clock = Clock.systemUTC();
        SqliteDatabase database = SqliteDatabase.open(config.dataDir(), SQLITE_READERS);
        try {
            UserStore store = database.userStore();
            UserService users = new UserService(store, config.limits(), clock);
            Authenticator authenticator = new UncheckedAuthenticator(config.region());
            ApiHandler api = new ApiHandler(Actions.userActions(users, config.limits()), authenticator,
                    config.maxBodyBytes(), config.region(), clock);
            RosterServer server = RosterServer.start(config.host(), config.port(), api, config.region(),
                    config.shutdownTimeout(), clock);
            LOG.info("store: SQLite at {}", database.file());
            return new Roster(config, database, server);
        } catch (Exception e) {
            database.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** The base URL clients use; an IPv6 host is bracketed. */
    public URI url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}
