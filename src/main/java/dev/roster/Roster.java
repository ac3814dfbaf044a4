package dev.roster;

import dev.roster.api.Actions;
import dev.roster.api.BenchNoopAction;
import dev.roster.api.Seed;
import dev.roster.auth.Authenticator;
import dev.roster.auth.Credentials;
import dev.roster.auth.KeyCache;
import dev.roster.auth.KeyRing;
import dev.roster.auth.SecretCipher;
import dev.roster.auth.SignatureAuthenticator;
import dev.roster.auth.UncheckedAuthenticator;
import dev.roster.broadcasts.AudienceBuilder;
import dev.roster.broadcasts.Broadcasts;
import dev.roster.events.EventFeed;
import dev.roster.events.Events;
import dev.roster.http.ApiHandler;
import dev.roster.http.ConsoleHandler;
import dev.roster.http.ClientAddresses;
import dev.roster.http.PemFiles;
import dev.roster.http.Readiness;
import dev.roster.http.RosterServer;
import dev.roster.limit.FailureBudget;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimiter;
import dev.roster.limit.SharedRateLimiter;
import dev.roster.logging.QueueingAppender;
import dev.roster.metrics.Metrics;
import dev.roster.metrics.RequestMetrics;
import dev.roster.store.BroadcastStore;
import dev.roster.store.DataDirLock;
import dev.roster.store.Database;
import dev.roster.store.EventStore;
import dev.roster.store.KeyStore;
import dev.roster.store.PostgresDatabase;
import dev.roster.store.SqliteDatabase;
import dev.roster.store.StoreException;
import dev.roster.store.UserStore;
import dev.roster.users.UserService;
import io.github.bucket4j.TimeMeter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.Handler;
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
    private final RosterServer server;
    private final List<AutoCloseable> resources;
    private final Credentials generatedRootKey;

    private Roster(RosterConfig config, RosterServer server, List<AutoCloseable> resources,
            Credentials generatedRootKey) {
        this.config = config;
        this.server = server;
        this.resources = resources;
        this.generatedRootKey = generatedRootKey;
    }

    /**
     * The stores Roster runs on; without an event store, there is no ListUserEvents and no delivery of events,
     * and without a broadcast store no UserBroadcast (it needs the events too).
     */
    public record Backend(UserStore users, KeyStore keys, EventStore events, BroadcastStore broadcasts) {
        public Backend(UserStore users, KeyStore keys) {
            this(users, keys, null, null);
        }
    }

    /** Starts Roster on the configured database (SQLite or PostgreSQL) and rate limiter (local or Redis). */
    public static Roster start(RosterConfig config) throws Exception {
        return start(config, Clock.systemUTC(), TimeMeter.SYSTEM_NANOTIME);
    }

    /** As {@link #start(RosterConfig)}, with the clocks given: the wall clock, and the one of local buckets. */
    public static Roster start(RosterConfig config, Clock clock, TimeMeter bucketTime) throws Exception {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Metrics metrics = metrics(config);
            resources.add(metrics);
            Database database = openDatabase(config);
            if (config.databaseUrl() == null) {
                // Held while serving, so that no restore replaces the store; released after the database is closed.
                try {
                    resources.add(DataDirLock.shared(config.dataDir()));
                } catch (RuntimeException e) {
                    database.close();
                    throw e;
                }
            }
            resources.add(database);
            database.bindMetrics(metrics.registry());
            LOG.info("store: {}", database.describe());
            Backend backend = new Backend(database.userStore(), database.keyStore(), database.eventStore(),
                    database.broadcastStore());
            Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
            checks.put("store", () -> answers(backend.users()));
            RateLimiter limiter = new LocalRateLimiter(config.rateLimits(), bucketTime);
            if (config.redisUrl() == null) {
                LOG.info("rate limits: kept in this process, so they apply per node");
            } else {
                SharedRateLimiter shared = SharedRateLimiter.connect(config.redisUrl(), config.rateLimits(), limiter);
                resources.add(shared);
                checks.put("redis", shared::ping);
                limiter = shared;
                LOG.info("rate limits: shared by all nodes through Redis");
            }
            return start(config, backend, clock, bucketTime, limiter, new Readiness(checks), metrics, resources);
        } catch (Exception e) {
            closeAll(resources);
            throw e;
        }
    }

    /** Starts Roster over the given stores, clock and rate limiter; readiness follows the user store. */
    public static Roster start(RosterConfig config, Backend backend, Clock clock, RateLimiter limiter)
            throws Exception {
        return start(config, backend, clock, limiter, TimeMeter.SYSTEM_NANOTIME);
    }

    /** As above, with the clock of the per-address failure budgets given. */
    public static Roster start(RosterConfig config, Backend backend, Clock clock, RateLimiter limiter,
            TimeMeter bucketTime) throws Exception {
        Readiness readiness = new Readiness(Map.of("store", () -> answers(backend.users())));
        Metrics metrics = metrics(config);
        return start(config, backend, clock, bucketTime, limiter, readiness, metrics, new ArrayList<>(List.of(metrics)));
    }

    private static Roster start(RosterConfig config, Backend backend, Clock clock, TimeMeter bucketTime,
            RateLimiter limiter, Readiness readiness, Metrics metrics, List<AutoCloseable> resources)
            throws Exception {
        if (config.tls() != null) {
            // Unusable TLS files fail the start here, before a root key is generated and stored but never shown.
            PemFiles.read(config.tls().cert(), config.tls().key());
        }
        KeyRing keys = keyRing(config, backend.keys(), clock);
        Credentials generated = null;
        Authenticator authenticator;
        if (config.authEnabled()) {
            Credentials root = config.rootKey();
            if (root != null && root.secretAccessKey().length() < KeyRing.MIN_ROOT_SECRET_CHARS) {
                LOG.warn("ROSTER_ROOT_SECRET_KEY has fewer than {} characters; use a long random one"
                        + " (openssl rand -base64 32)", KeyRing.MIN_ROOT_SECRET_CHARS);
            }
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
            authenticator = new SignatureAuthenticator(new KeyCache(keys, clock), clock, config.maxClockSkew(),
                    config.regions());
        } else {
            LOG.warn("**********************************************************************");
            LOG.warn("AUTHENTICATION IS OFF: every request is accepted, signed or not, and");
            LOG.warn("may read and change every profile of every AppId. Local experiments only.");
            LOG.warn("**********************************************************************");
            authenticator = new UncheckedAuthenticator(config.region(), config.regions());
        }
        UserService users = new UserService(backend.users(), config.limits(), clock);
        EventFeed feed = null;
        Broadcasts broadcasts = null;
        if (backend.events() != null) {
            // Before the seed, so that its events reach the sinks too.
            resources.add(Events.start(backend.events(), config.events(), clock, metrics.registry()));
            feed = new EventFeed(backend.events());
            if (backend.broadcasts() != null) {
                // Expired broadcasts stay listed as long as events are kept.
                AudienceBuilder audiences = new AudienceBuilder(backend.broadcasts(), clock,
                        config.events().retention()).start();
                resources.add(audiences);
                broadcasts = new Broadcasts(backend.broadcasts(), audiences, clock);
            }
        }
        if (config.seed() != null) {
            Seed.Outcome seeded = Seed.load(config.seed(), users);
            LOG.info("seed {}: {} users registered, {} already there and left as they are", config.seed(),
                    seeded.registered(), seeded.present());
        }
        ClientAddresses clients = new ClientAddresses(config.trustedProxies());
        Actions actions = Actions.userActions(users, config.limits(), feed, broadcasts);
        if (config.benchNoop()) {
            LOG.info("BenchNoop (Version {}) answers without touching the store: for roster bench compare",
                    Actions.ROSTER_VERSION);
            actions = actions.with(new BenchNoopAction());
        }
        ApiHandler api = new ApiHandler(actions, authenticator, limiter,
                new FailureBudget(config.authFailureLimit(), bucketTime), clients, config.maxBodyBytes(),
                config.http(), config.region(), clock, new RequestMetrics(metrics.registry()));
        // The console, when served, sits before the API on the API's port: it is a client of that API.
        Handler front = config.console()
                ? new Handler.Sequence(new ConsoleHandler(config.authEnabled(), config.region()), api) : api;
        RosterServer server = RosterServer.start(config.host(), config.port(), front, readiness, config.region(),
                config.shutdownTimeout(), config.http(), clients, clock, config.tls(),
                metrics.scrapeable().orElse(null), config.adminPort());
        return new Roster(config, server, resources, generated);
    }

    private static Metrics metrics(RosterConfig config) {
        return config.metrics() ? Metrics.prometheus() : Metrics.off();
    }

    /** The database the configuration names: PostgreSQL when a database URL is set, else SQLite. */
    public static Database openDatabase(RosterConfig config) {
        if (config.databaseUrl() != null) {
            return PostgresDatabase.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
                    config.databasePoolSize());
        }
        return SqliteDatabase.open(config.dataDir(), SQLITE_READERS);
    }

    /** The key ring over a key store, as both the server and the {@code keys} command use it. */
    public static KeyRing keyRing(RosterConfig config, KeyStore store, Clock clock) {
        SecretCipher cipher = config.masterKey() == null ? SecretCipher.plain() : SecretCipher.sealed(config.masterKey());
        return new KeyRing(store, cipher, clock, config.rootKey());
    }

    public int port() {
        return server.port();
    }

    /** The base URL clients use, {@code https} when serving TLS; an IPv6 host is bracketed. */
    public URI url() {
        return URI.create((config.tls() == null ? "http" : "https") + "://" + urlHost() + ":" + port());
    }

    /** The base URL of {@code /metrics} and the probes when {@code --admin-port} gave them a port of their own. */
    public Optional<URI> adminUrl() {
        return server.adminPort() < 0 ? Optional.empty()
                : Optional.of(URI.create("http://" + urlHost() + ":" + server.adminPort()));
    }

    private String urlHost() {
        return config.host().contains(":") ? "[" + config.host() + "]" : config.host();
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
            closeAll(resources);
            QueueingAppender.awaitDelivered(Duration.ofSeconds(2)); // the last requests' access lines
        }
    }

    private static boolean answers(UserStore store) {
        try {
            store.ping();
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("while closing {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
    }
}
