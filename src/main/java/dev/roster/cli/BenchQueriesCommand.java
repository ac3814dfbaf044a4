package dev.roster.cli;

import dev.roster.bench.Comparison;
import dev.roster.bench.QueryBench;
import dev.roster.bench.QueryReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code roster bench queries}: ListUsers latency and server CPU on one app of many users. */
@Command(
        name = "queries",
        mixinStandardHelpOptions = true,
        description = "Register N users in one app (RegisterUsers, 20 a request, 8 connections; 1-5 tags each out of"
                + " --tags, NickNames of many scripts and cases), then send ListUsers (Limit 100) --samples times per"
                + " kind, one at a time from one connection, the tags or prefix drawn anew for each: (a) all of 2"
                + " tags, (b) any of 3 tags, (c) NickNamePrefix of 1, 2 and 3 characters, (d) page 1 against a deep"
                + " page (--deep-page) of any-of-3 and of the unfiltered listing, (e) the first pages with WithTotal;"
                + " print latency percentiles, the server's CPU per request and the ratios. By default on a child"
                + " serve over a fresh SQLite store (or PostgreSQL with --database-url), removed at the end. Given"
                + " 'bench --url URL --root|--keys FILE [--apps APPID] [--server-pid PID] queries', on that server"
                + " instead: it then writes users 1..N into an AppId that must be empty, and leaves them there."
                + " Exits 1 when any request failed.",
        usageHelpWidth = 100,
        sortOptions = false)
final class BenchQueriesCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BenchCommand bench;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000000",
            description = "Users in the app (UserIds 1..N). Default: ${DEFAULT-VALUE}")
    private long users;

    @Option(names = "--tags", paramLabel = "N", defaultValue = "100",
            description = "Distinct tags; each user holds 1 to 5 of them, drawn uniformly. Default: ${DEFAULT-VALUE}")
    private int tags;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "200",
            description = "Measured requests per kind of query, after a tenth as many (at least 3) of warm-up."
                    + " Default: ${DEFAULT-VALUE}")
    private int samples;

    @Option(names = "--deep-page", paramLabel = "N", defaultValue = "500",
            description = "The page (d) compares with page 1 (the last page when there are fewer)."
                    + " Default: ${DEFAULT-VALUE}")
    private int deepPage;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of the users and of the queries drawn: the same seed, the same run. Default:"
                    + " ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the printed report to FILE.")
    private Path report;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON, for scripts.")
    private Path json;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}",
            description = "Where the child server's directory (its SQLite store and log) goes. Default:"
                    + " ${DEFAULT-VALUE}")
    private Path workDir;

    @Option(names = "--keep",
            description = "Keep the child server's directory (or, on PostgreSQL, the app's users) after the run, to"
                    + " look at the database (sqlite3 DIR/roster.db); the server is stopped all the same.")
    private boolean keep;

    @Setting("ROSTER_DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Run the child server on this PostgreSQL database (ROSTER_DATABASE_URL), in a new random"
                    + " AppId whose users are removed at the end. The password comes from ROSTER_DATABASE_PASSWORD.")
    private String databaseUrl;

    @Setting("ROSTER_DATABASE_USER")
    @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user (ROSTER_DATABASE_USER).")
    private String databaseUser;

    @Override
    public Integer call() throws Exception {
        QueryBench.Settings settings = settings();
        QueryReport result;
        try {
            result = QueryBench.run(settings, spec.commandLine().getErr());
        } catch (IllegalStateException e) {
            // How the bench says a run cannot go on (a refused registration, an AppId in use): one line.
            throw new CommandFailure(e.getMessage());
        }
        result.print(spec.commandLine().getOut());
        if (report != null) {
            Files.writeString(report, result.text());
        }
        BenchCommand.writeJson(json, result.json());
        if (result.errors() > 0) {
            throw new CommandFailure(result.errors() + " ListUsers requests failed");
        }
        return 0;
    }

    private QueryBench.Settings settings() {
        try {
            QueryBench.Existing existing = bench.existingServer();
            String url = Environment.blankToNull(databaseUrl);
            if (url != null && existing != null) {
                throw new IllegalArgumentException("--database-url is for the child server; with bench --url the"
                        + " server has its own database");
            }
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
            }
            Comparison.Postgres postgres = url == null ? null : new Comparison.Postgres(url,
                    Environment.blankToNull(databaseUser), bench.main().env().databasePassword());
            return new QueryBench.Settings(users, tags, samples, seed, deepPage, workDir, keep, postgres, existing);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
