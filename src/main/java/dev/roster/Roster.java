package dev.roster;

import dev.roster.api.Actions;
import dev.roster.auth.Authenticator;
import dev.roster.auth.Credentials;
import dev.roster.auth.KeyRing;
import dev.roster.auth.SecretCipher;
import dev.roster.auth.SignatureAuthenticator;
import dev.roster.auth.UncheckedAuthenticator;
import dev.roster.http.ApiHandler;
import dev.roster.http.RosterServer;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimiter;
import dev.roster.store.KeyStore;
import dev.roster.store.SqliteDatabase;
import dev.roster.store.UserStore;
import dev.roster.users.UserService;
import io.github.bucket4j.TimeMeter;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
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
    private final Backend backend;
    private final RosterServer server;
    private final Credentials generatedRootKey;

    private Roster(RosterConfig config, Backend backend, RosterServer server, Credentials generatedRootKey) {
        this.config = config;
        this.backend = backend;
        this.server = server;
        this.generatedRootKey = generatedRootKey;
    }

    /** The stores Roster runs on, and what to close when it stops. */
    public record Backend(UserStore users, KeyStore keys, AutoCloseable resources) {}

    /** Starts Roster on its embedded SQLite store in the configured data directory. */
    public static Roster start(RosterConfig config) throws Exception {
        SqliteDatabase database = SqliteDatabase.open(config.dataDir(), SQLITE_READERS);
        try {
            LOG.info("store: SQLite at {}", database.file());
            return start(config, new Backend(database.userStore(), database.keyStore(), database), Clock.systemUTC(),
                    new LocalRateLimiter(config.rateLimits(), TimeMeter.SYSTEM_NANOTIME));
        } catch (Exception e) {
            database.close();
            throw e;
        }
    }

    /** Starts Roster over the given stores, clock and rate limiter. */
    public static Roster start(RosterConfig config, Backend backend, Clock clock, RateLimiter limiter)
            throws Exception {
        KeyRing keys = keyRing(config, backend.keys(), clock);
        Credentials generated = null;
        Authenticator authenticator;
        if (config.authEnabled()) {
            int resealed = keys.reseal();
            if (resealed > 0) {
                LOG.info("stored secrets brought to the {} form: {}",
                        config.masterKey() == null ? "clear" : "sealed (AES-GCM)", resealed);
            }
            generated = keys.ensureRoot().orElse(null);
            if (generated != null) {
                LOG.info("no access key existed: generated the root key {} (its secret is shown once, on stdout)",
                        generated.accessKeyId());
            }
            authenticator = new SignatureAuthenticator(keys, clock, config.maxClockSkew());
        } else {
            LOG.warn("**********************************************************************");
            LOG.warn("AUTHENTICATION IS OFF: every request is accepted, signed or not, and");
            LOG.warn("may read and change every profile of every AppId. Local experiments only.");
            LOG.warn("**********************************************************************");
            authenticator = new UncheckedAuthenticator(config.region());
        }
        UserService users = new UserService(backend.users(), config.limits(), clock);
        ApiHandler api = new ApiHandler(Actions.userActions(users, config.limits()), authenticator, limiter,
                config.maxBodyBytes(), config.region(), clock);
        RosterServer server = RosterServer.start(config.host(), config.port(), api, config.region(),
                config.shutdownTimeout(), clock);
        return new Roster(config, backend, server, generated);
    }

    /** The key ring over a key store, as both the server and the {@code keys} command use it. */
    public static KeyRing keyRing(RosterConfig config, KeyStore store, Clock clock) {
        SecretCipher cipher = config.masterKey() == null ? SecretCipher.plain() : SecretCipher.sealed(config.masterKey());
        return new KeyRing(store, cipher, clock, config.rootKey());
    }

    public int port() {
        return server.port();
    }

    /** The base URL clients use; an IPv6 host is bracketed. */
    public URI url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** The root key this start generated, if it did; to be shown once. */
    public Optional<Credentials> generatedRootKey() {
        return Optional.ofNullable(generatedRootKey);
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            backend.resources().close();
        }
    }
}
