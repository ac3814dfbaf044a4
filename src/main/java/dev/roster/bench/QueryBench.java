package dev.roster.bench;

import dev.roster.api.Actions;
import dev.roster.auth.Credentials;
import dev.roster.auth.RequestSigner;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code roster bench queries}: ListUsers on one app of many users. It registers a {@link Population}
 * ({@link PopulationLoad}), then sends each kind of query {@code samples} times in a row from one connection,
 * the tags or prefix drawn anew for every sample: (a) the first page of all-of-two-tags, (b) of
 * any-of-three-tags, (c) of a 1-, 2- and 3-character NickNamePrefix; (d) page 1 against a deep page of
 * any-of-three and of the unfiltered listing, the deep page fetched again and again with the cursor a walk
 * from page 1 got for it; (e) the first pages of (a), (b), (c) and the unfiltered listing with WithTotal,
 * whose Totals are also the "matching users" of (a) to (c). By default on a child server over a fresh
 * SQLite store (or PostgreSQL), removed at the end; or on a server given by URL and key. The rows themselves
 * are measured by {@link QueryRows}.
 */
public final class QueryBench {
    /**
     * What to measure and where: on a child server in {@code workDir} (over {@code postgres} if not null), or on
     * {@code existing}.
     */
    public record Settings(long users, int tags, int samples, long seed, int deepPage, Path workDir, boolean keep,
            Comparison.Postgres postgres, Existing existing) {
        public Settings {
            if (users < 1) {
                throw new IllegalArgumentException("--users: at least 1");
            }
            if (tags < Population.MAX_TAGS) {
                throw new IllegalArgumentException("--tags: at least " + Population.MAX_TAGS);
            }
            if (samples < 1) {
                throw new IllegalArgumentException("--samples: at least 1");
            }
            if (deepPage < 2) {
                throw new IllegalArgumentException("--deep-page: at least 2");
            }
        }

        /** Unmeasured requests before each row, and of each kind before the first. */
        int warmup() {
            return Math.max(10, samples / 10);
        }
    }

    /** A running server: its URL, a key that may write to {@code app}, and its process id when it runs here. */
    public record Existing(URI url, Credentials key, int app, String region, Long serverPid) {}

    private QueryBench() {}

    public static QueryReport run(Settings settings, PrintWriter progress) throws Exception {
        if (settings.existing() != null) {
            Existing e = settings.existing();
            return measure(settings, e.url(), new RequestSigner(e.key(), e.region()), e.app(), e.serverPid(),
                    "the server at " + e.url(), null, progress);
        }
        try (Scratch scratch = new Scratch(settings.workDir())) {
            Credentials root = Credentials.generate();
            Path dir = settings.keep() ? scratch.keptDirectory("roster-bench-queries-")
                    : scratch.newDirectory("roster-bench-queries-");
            Comparison.Postgres postgres = settings.postgres();
            progress.printf("starting serve in %s%n", dir);
            progress.flush();
            ServerProcess server = scratch.keep(ServerProcess.start(root, dir, Comparison.env(postgres)));
            RequestSigner signer = new RequestSigner(root, BenchSettings.DEFAULT_REGION);
            int app = postgres == null ? 1 : Comparison.freshApp();
            String store = postgres == null ? "a child server on SQLite" : "a child server on PostgreSQL";
            String kept = !settings.keep() ? null : postgres == null
                    ? dir.resolve("roster.db") + " (AppId " + app + "; serve.log beside it)"
                    : "AppId " + app + " in " + postgres.url();
            try {
                return measure(settings, server.url(), signer, app, server.pid(), store, kept, progress);
            } finally {
                if (postgres != null && !settings.keep()) {
                    resetApp(server.url(), signer, app);
                }
            }
        }
    }

    private static QueryReport measure(Settings settings, URI url, RequestSigner signer, int app, Long serverPid,
            String store, String kept, PrintWriter progress) throws Exception {
        Population population = new Population(settings.seed(), settings.tags());
        try (ListUsersCall call = new ListUsersCall(url, signer)) {
            ListUsersCall.Page first = call.send(QueryRows.base(app).put("Limit", 1));
            if (first.error() != null) {
                throw new IllegalStateException("ListUsers in AppId " + app + " failed: " + first.error());
            }
            if (first.users() > 0) {
                throw new IllegalStateException("AppId " + app + " holds users already; bench queries registers"
                        + " users 1..N and needs an empty AppId");
            }
            progress.printf("registering %d users in AppId %d (%d connections, %d users a request)%n",
                    settings.users(), app, PopulationLoad.CONNECTIONS, PopulationLoad.BATCH);
            progress.flush();
            PopulationLoad.Cost cost = PopulationLoad.run(url, signer, app, population, settings.users(), serverPid,
                    progress);
            double seconds = cost.nanos() / 1e9;
            QueryReport.Load load = new QueryReport.Load(settings.users(), Report.round(seconds),
                    Report.round(settings.users() / seconds), cost.serverCpuNanos() < 0 ? null
                            : Report.round(cost.serverCpuNanos() / 1000.0 / settings.users()));
            progress.printf("loaded in %.1f s; measuring%n", seconds);
            progress.flush();
            QueryRows rows = new QueryRows(call, settings, serverPid, progress);
            rows.measureAll(app, population);
            String description = "roster bench queries: " + settings.users() + " users in AppId " + app + " on "
                    + store + "; " + settings.tags() + " tags, " + Population.MIN_TAGS + "–" + Population.MAX_TAGS
                    + " per user (count uniform, tags uniform), NickNames of many scripts and cases; seed "
                    + settings.seed() + "; " + settings.samples() + " samples per row after " + settings.warmup()
                    + " of warm-up, one connection, one request at a time";
            return new QueryReport(description, load, rows.queries(), rows.ratios(), rows.errors(), kept);
        }
    }

    /** Removes the users (and broadcasts) of {@code app}: what a bench on PostgreSQL wrote goes at the end. */
    static void resetApp(URI url, RequestSigner signer, int app) throws InterruptedException {
        try (SignedCalls calls = new SignedCalls(url, signer, 1)) {
            SignedCalls.Timed answer = calls.call("ResetApp", Actions.ROSTER_VERSION, "{\"AppId\":" + app + "}");
            if (answer.error() != null) {
                System.err.println("roster bench: removing the users of AppId " + app + " failed: "
                        + answer.error());
            }
        }
    }
}
