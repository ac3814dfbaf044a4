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
    private final AutoCloseable storeResources;
    private final RosterServer server;

    private Roster(RosterConfig config, AutoCloseable storeResources, RosterServer server) {
        this.config = config;
        this.storeResources = storeResources;
        this.server = server;
    }

    /** Starts Roster on its embedded SQLite store in the configured data directory. */
    public static Roster start(RosterConfig config) throws Exception {
        SqliteDatabase database = SqliteDatabase.open(config.dataDir(), SQLITE_READERS);
        try {
            LOG.info("store: SQLite at {}", database.file());
            return start(config, database.userStore(), database);
        } catch (Exception e) {
            database.close();
            throw e;
        }
    }

    /** Starts Roster over {@code store}; {@code storeResources} is closed after the server on {@link #close()}. */
    public static Roster start(RosterConfig config, UserStore store, AutoCloseable storeResources) throws Exception {
        Clock clock = Clock.systemUTC();
        UserService users = new UserService(store, config.limits(), clock);
        Authenticator authenticator = new UncheckedAuthenticator(config.region());
        ApiHandler api = new ApiHandler(Actions.userActions(users, config.limits()), authenticator,
                config.maxBodyBytes(), config.region(), clock);
        RosterServer server = RosterServer.start(config.host(), config.port(), api, config.region(),
                config.shutdownTimeout(), clock);
        return new Roster(config, storeResources, server);
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
            storeResources.close();
        }
    }
}
