package dev.roster.bench;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.auth.Credentials;
import dev.roster.store.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code roster bench compare}: the signed update of {@code usersPerRequest} users against its two floors,
 * in one run, on the same machine — (a) the HTTP floor, BenchNoop with the same bodies, signature and
 * envelope on a child {@code serve --bench-noop}; (b) BatchUpdateUser on that server; (c) the store floor,
 * the same updates through {@code UserService} in this process on a database of the same kind — on
 * SQLite, and on PostgreSQL too when a database URL is given. The ratios say how much of the floors'
 * throughput the update keeps.
 */
public final class Comparison {
    private static final SecureRandom RANDOM = new SecureRandom();
    private Comparison() {}

    /** How to compare: the load of every phase, where to put temporary data, and PostgreSQL if wanted. */
    public record Settings(int connections, Duration duration, Duration warmup, int usersPerRequest,
            int registeredUsers, Path workDir, Postgres postgres) {}

    /** A PostgreSQL database to compare on as well; Roster's tables are created in it if missing. */
    public record Postgres(String url, String user, String password) {}

    /** The three phases on one store and how the update compares with its floors. */
    public record StoreFigures(String store, Report httpFloor, Report update, Report storeFloor,
            double updateVsHttpFloor, double updateVsStoreFloor) {}

    /** Everything a comparison measured; {@code errors} counts failed requests and users over all phases. */
    public record Result(String description, long errors, List<StoreFigures> stores) {

        public String json() {
            return JsonText.of(this);
        }

        public void print(PrintWriter out) {
            out.println(description);
            for (StoreFigures figures : stores) {
                out.println();
                out.println(figures.store());
                out.printf(Locale.ROOT, "  %-34s %10s %9s %9s %10s %10s %8s%n", "phase", "req/s", "p50 ms", "p99 ms",
                        "server µs", "bench µs", "errors");
                row(out, "(a) HTTP floor: BenchNoop", figures.httpFloor());
                row(out, "(b) BatchUpdateUser over HTTP", figures.update());
                row(out, "(c) store floor: UserService.update", figures.storeFloor());
                out.printf(Locale.ROOT, "  update / HTTP floor  = %s of the throughput%n",
                        Report.fixed(figures.updateVsHttpFloor(), 3));
                out.printf(Locale.ROOT, "  update / store floor = %s of the throughput%n",
                        Report.fixed(figures.updateVsStoreFloor(), 3));
            }
            out.println();
            out.println("server µs: CPU per request of the server process ((c): of this process, which is the store's"
                    + " client and runs nothing else); bench µs: CPU per request of this process");
            out.flush();
        }

        private static void row(PrintWriter out, String name, Report r) {
            out.printf(Locale.ROOT, "  %-34s %10s %9s %9s %10s %10s %8d%n", name, Report.fixed(r.throughput(), 1),
                    Report.fixed(r.latencyMs().p50(), 3), Report.fixed(r.latencyMs().p99(), 3),
                    micros(r.serverCpuMicrosPerRequest()), micros(r.benchCpuMicrosPerRequest()),
                    r.errors() + r.failedUsers());
        }

        private static String micros(Double value) {
            return value == null ? "-" : Report.fixed(value, 1);
        }
    }

    public static Result run(Settings settings, PrintWriter progress) throws Exception {
        List<StoreFigures> stores = new ArrayList<>();
        try (Scratch scratch = new Scratch(settings.workDir())) {
            stores.add(compare("SQLite", settings, scratch, Map.of(), null, progress));
            Postgres postgres = settings.postgres();
            if (postgres != null) {
                stores.add(compare("PostgreSQL", settings, scratch, env(postgres), postgres, progress));
            }
        }
        long errors = stores.stream()
                .flatMap(s -> Stream.of(s.httpFloor(), s.update(), s.storeFloor()))
                .mapToLong(r -> r.errors() + r.failedUsers()).sum();
        String description = "roster bench compare: " + settings.connections() + " connections (threads for the store"
                + " floor), " + settings.usersPerRequest() + " users per update, users 1.." + settings.registeredUsers()
                + ", " + Report.seconds(settings.duration()) + " measured after " + Report.seconds(settings.warmup())
                + " of warm-up per phase";
        return new Result(description, errors, stores);
    }

    /** The variables that point a child server at {@code postgres}; none for null (SQLite). */
    static Map<String, String> env(Postgres postgres) {
        Map<String, String> env = new LinkedHashMap<>();
        if (postgres != null) {
            env.put("ROSTER_DATABASE_URL", postgres.url());
            if (postgres.user() != null) {
                env.put("ROSTER_DATABASE_USER", postgres.user());
            }
            if (postgres.password() != null) {
                env.put("ROSTER_DATABASE_PASSWORD", postgres.password());
            }
        }
        return env;
    }

    private static StoreFigures compare(String store, Settings settings, Scratch scratch, Map<String, String> env,
            Postgres postgres, PrintWriter progress) throws Exception {
        Credentials root = Credentials.generate();
        int httpApp = freshApp();
        Path serverDir = scratch.newDirectory("roster-bench-serve-");
        progress.printf("%s: starting serve --bench-noop%n", store);
        progress.flush();
        ServerProcess server = scratch.keep(ServerProcess.start(root, serverDir, env));
        BenchSettings http = new BenchSettings(server.url(), List.of(BenchKey.everyApp(root)), List.of(httpApp),
                BenchSettings.DEFAULT_REGION, 0, settings.connections(), settings.duration(), settings.warmup(),
                Mix.only(BenchAction.NOOP), settings.usersPerRequest(), settings.registeredUsers(), false,
                server.pid());
        progress.printf("%s: (a) HTTP floor at %s%n", store, server.url());
        Report httpFloor = Bench.run(http, progress);
        progress.printf("%s: (b) BatchUpdateUser%n", store);
        Report update = Bench.run(http.with(Mix.only(BenchAction.UPDATE), true), progress);
        scratch.closeNow(server);

        progress.printf("%s: (c) store floor%n", store);
        progress.flush();
        RosterConfig.Builder config = RosterConfig.builder().dataDir(scratch.newDirectory("roster-bench-store-"));
        if (postgres != null) {
            config.databaseUrl(postgres.url()).databaseUser(postgres.user()).databasePassword(postgres.password());
        }
        Report storeFloor;
        try (Database database = Roster.openDatabase(config.build())) {
            storeFloor = StoreFloor.run(database, freshApp(), settings);
        }
        return new StoreFigures(store, httpFloor, update, storeFloor, ratio(update, httpFloor),
                ratio(update, storeFloor));
    }

    /** A random AppId, so that a shared PostgreSQL database gets rows of its own each run. */
    static int freshApp() {
        return 1_000_000 + RANDOM.nextInt(2_000_000_000);
    }

    private static double ratio(Report numerator, Report denominator) {
        return denominator.throughput() == 0 ? 0 : Math.round(numerator.throughput() / denominator.throughput()
                * 1000) / 1000.0;
    }
}
