package dev.roster.cli;

import dev.roster.bench.Comparison;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code roster bench compare}: the signed update against its HTTP floor and its store floor, in one run. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Start serve --bench-noop as a child process on a fresh temporary store, measure (a) BenchNoop"
                + " (the HTTP floor: same signing, body and envelope, no store), (b) BatchUpdateUser, (c) the same"
                + " updates through the store interface in this process (no HTTP), each closed loop; print the"
                + " ratios. Also on PostgreSQL when --database-url (ROSTER_DATABASE_URL) is set. Everything it"
                + " starts or creates is removed at the end, also on Ctrl-C.",
        usageHelpWidth = 100,
        sortOptions = false)
final class BenchCompareCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private BenchCommand bench;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "" + BenchCommand.DEFAULT_CONNECTIONS,
            description = "Requests in flight in every phase (threads for the store floor). Default: ${DEFAULT-VALUE}")
    private int connections;

    @Mixin
    private BenchRunOptions run;

    @Option(names = "--work-dir", paramLabel = "DIR", defaultValue = "${sys:java.io.tmpdir}",
            description = "Where the temporary SQLite stores go; put it on the disk whose speed you want measured."
                    + " Default: ${DEFAULT-VALUE}")
    private Path workDir;

    @Setting("ROSTER_DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Also compare on this PostgreSQL database (ROSTER_DATABASE_URL); each run writes to new"
                    + " random AppIds in it. The password comes from ROSTER_DATABASE_PASSWORD.")
    private String databaseUrl;

    @Setting("ROSTER_DATABASE_USER")
    @Option(names = "--database-user", paramLabel = "USER",
            description = "PostgreSQL user (ROSTER_DATABASE_USER).")
    private String databaseUser;

    @Override
    public Integer call() throws Exception {
        String url = Environment.blankToNull(databaseUrl);
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "the database URL must start with jdbc:postgresql:");
        }
        Comparison.Postgres postgres = url == null ? null : new Comparison.Postgres(url,
                Environment.blankToNull(databaseUser), bench.main().env().databasePassword());
        Comparison.Settings settings = new Comparison.Settings(connections, run.duration, run.warmup,
                run.usersPerRequest, run.registeredUsers, workDir, postgres);
        Comparison.Result result = Comparison.run(settings, spec.commandLine().getErr());
        result.print(spec.commandLine().getOut());
        BenchCommand.writeJson(run.json, result.json());
        return 0;
    }
}
