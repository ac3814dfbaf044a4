package dev.roster.cli;

import dev.roster.bench.BroadcastBench;
import dev.roster.bench.BroadcastReport;
import dev.roster.bench.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code roster bench broadcast}: UserBroadcast's latency, how fast audiences are built, and what that costs writes. */
@Command(
        name = "broadcast",
        mixinStandardHelpOptions = true,
        description = "Register N users in one app who all hold bc-a or bc-b (and 1-5 of 100 other tags), then"
                + " measure (a) UserBroadcast's latency on an idle server, (b) how long an audience of all N users"
                + " (any of bc-a, bc-b) takes to be ready, and --rounds times (c) BatchUpdateUser's throughput from"
                + " --lanes connections for --phase, then (d) the same while an audience of N users is built, with"
                + " the time to ready and UserBroadcast's latency meanwhile, then (c) again (alone: the mean of the"
                + " phases before and after); the server's CPU per request beside."
                + " On a child serve over a fresh SQLite store (or PostgreSQL with --database-url), removed at the"
                + " end. Exits 1 when any request failed.",
        usageHelpWidth = 100,
        sortOptions = false)
final class BenchBroadcastCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BenchCommand bench;

    @Option(names = "--users", paramLabel = "N", defaultValue = "1000000",
            description = "Users in the app, all in the big audience. Default: ${DEFAULT-VALUE}")
    private long users;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds of (c) and (d). Default: ${DEFAULT-VALUE}")
    private int rounds;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "200",
            description = "UserBroadcast calls measured in (a). Default: ${DEFAULT-VALUE}")
    private int samples;

    @Option(names = "--phase", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long (c) runs. Default: ${DEFAULT-VALUE}")
    private Duration phase;

    @Option(names = "--lanes", paramLabel = "N", defaultValue = "4",
            description = "Connections sending BatchUpdateUser, each waiting for its answer. Default: ${DEFAULT-VALUE}")
    private int lanes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the users. Default: ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the printed report to FILE.")
    private Path report;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures to FILE as JSON, for scripts.")
    private Path json;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}",
            description = "Where the child server's directory goes. Default: ${DEFAULT-VALUE}")
    private Path workDir;

    @Option(names = "--keep", description = "Keep the child server's directory (or the app on PostgreSQL) after the run.")
    private boolean keep;

    @Setting("ROSTER_DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Run the child server on this PostgreSQL database (ROSTER_DATABASE_URL), in a new random"
                    + " AppId removed at the end. The password comes from ROSTER_DATABASE_PASSWORD.")
    private String databaseUrl;

    @Setting("ROSTER_DATABASE_USER")
    @Option(names = "--database-user", paramLabel = "USER", description = "PostgreSQL user (ROSTER_DATABASE_USER).")
    private String databaseUser;

    @Override
    public Integer call() throws Exception {
        BroadcastBench.Settings settings;
        try {
            if (bench.existingServer() != null) {
                throw new IllegalArgumentException("bench broadcast runs its own child server; drop bench --url");
            }
            String url = Environment.blankToNull(databaseUrl);
            if (url != null && !url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("the database URL must start with jdbc:postgresql:");
            }
            Comparison.Postgres postgres = url == null ? null : new Comparison.Postgres(url,
                    Environment.blankToNull(databaseUser), bench.main().env().databasePassword());
            settings = new BroadcastBench.Settings(users, rounds, samples, phase, lanes, seed, workDir, keep, postgres);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        BroadcastReport result;
        try {
            result = BroadcastBench.run(settings, spec.commandLine().getErr());
        } catch (IllegalStateException e) {
            throw new CommandFailure(e.getMessage());
        }
        result.print(spec.commandLine().getOut());
        if (report != null) {
            Files.writeString(report, result.text());
        }
        BenchCommand.writeJson(json, result.json());
        if (result.errors() > 0) {
            throw new CommandFailure(result.errors() + " requests failed");
        }
        return 0;
    }
}
