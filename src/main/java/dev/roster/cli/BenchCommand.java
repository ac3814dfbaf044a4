package dev.roster.cli;

import dev.roster.bench.Bench;
import dev.roster.bench.BenchKey;
import dev.roster.bench.BenchSettings;
import dev.roster.bench.KeyFile;
import dev.roster.bench.Mix;
import dev.roster.bench.QueryBench;
import dev.roster.bench.Report;
import dev.roster.auth.Credentials;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster bench}: a load generator that signs like the SDKs; {@code roster bench compare} measures
 * the signed update against its HTTP and store floors. The work is done in {@code dev.roster.bench}; this
 * class only reads options, like the other commands here.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Send signed BatchUpdateUser / BatchGetUser / BenchNoop requests to a running Roster and report"
                + " throughput, errors by Code, latency percentiles and CPU per request. Open loop with --rate"
                + " (latency counted from when each request was due), closed loop otherwise. It writes: users 1..N"
                + " of the AppIds it uses are registered and updated; use AppIds that hold no real data.",
        usageHelpWidth = 100,
        sortOptions = false,
        subcommands = {BenchCompareCommand.class, BenchQueriesCommand.class, BenchBroadcastCommand.class})
final class BenchCommand implements Callable<Integer> {
    static final int DEFAULT_CONNECTIONS = 8;
    static final int DEFAULT_OPEN_LOOP_CONNECTIONS = 32;

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The server. Default: ${DEFAULT-VALUE}")
    private URI url;

    /**
     * Optional for picocli, so that {@code bench compare} and {@code bench queries} (which make their own key)
     * need neither.
     */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private KeySource keys;

    static final class KeySource {
        @Option(names = "--root", required = true,
                description = "Sign with the root key from ROSTER_ROOT_ACCESS_KEY and ROSTER_ROOT_SECRET_KEY,"
                        + " the variables serve reads.")
        boolean root;

        @Option(names = "--keys", paramLabel = "FILE", required = true,
                description = "Sign with the keys in FILE, spreading the load evenly over them: lines"
                        + " 'ACCESS_KEY_ID SECRET [APPID,...|*]', or the output of 'roster keys create' appended"
                        + " as is.")
        Path file;
    }

    @Option(names = "--apps", paramLabel = "APPID[,APPID...]", split = ",", defaultValue = "1", hideParamSyntax = true,
            description = "The AppIds used by keys that may use every AppId (the root key, keys listed without"
                    + " AppIds); other keys use their own. Default: ${DEFAULT-VALUE}")
    private List<Integer> apps;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = BenchSettings.DEFAULT_REGION,
            description = "The region requests are signed for. Default: ${DEFAULT-VALUE}")
    private String region;

    @Option(names = "--rate", paramLabel = "REQ_PER_S",
            description = "Open loop: send this many requests per second, whatever the answers.")
    private Integer rate;

    @Option(names = "--connections", paramLabel = "N",
            description = "Closed loop: N requests in flight, each sent when the previous answered (default "
                    + DEFAULT_CONNECTIONS + "). With --rate: the most connections to open (default "
                    + DEFAULT_OPEN_LOOP_CONNECTIONS + ").")
    private Integer connections;

    @Option(names = "--mix", paramLabel = "KIND=W[,KIND=W...]", defaultValue = "update=90,get=10",
            description = "Shares of update (BatchUpdateUser, a new NickName each time), get (BatchGetUser) and"
                    + " noop (BenchNoop; needs serve --bench-noop). Default: ${DEFAULT-VALUE}")
    private String mix;

    @Mixin
    private BenchRunOptions run;

    @Option(names = "--skip-registration",
            description = "Users 1..N are registered already (by an earlier run): do not register them again.")
    private boolean skipRegistration;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "The server's process id, when it runs on this machine: reports its CPU per request.")
    private Long serverPid;

    @Option(names = "--fail-on-errors",
            description = "Exit with 1 when any request failed or any user failed; otherwise errors are reported"
                    + " and the exit code is 0.")
    private boolean failOnErrors;

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        PrintWriter err = spec.commandLine().getErr();
        Report report = Bench.run(settings, err);
        report.print(spec.commandLine().getOut());
        writeJson(run.json, report.json());
        if (failOnErrors && report.errors() + report.failedUsers() > 0) {
            throw new CommandFailure(report.errors() + " requests failed and " + report.failedUsers()
                    + " users failed (--fail-on-errors)");
        }
        return 0;
    }

    private BenchSettings settings() {
        if (serverPid != null && ProcessHandle.of(serverPid).isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server-pid: no process " + serverPid);
        }
        try {
            boolean open = rate != null;
            int lanes = connections != null ? connections : open ? DEFAULT_OPEN_LOOP_CONNECTIONS : DEFAULT_CONNECTIONS;
            return new BenchSettings(url, keys(), apps, region, open ? rate : 0, lanes, run.duration, run.warmup,
                    Mix.parse(mix), run.usersPerRequest, run.registeredUsers, !skipRegistration, serverPid);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private List<BenchKey> keys() {
        if (keys == null) {
            throw new IllegalArgumentException("bench needs --root or --keys FILE");
        }
        if (keys.root) {
            Credentials root = main.env().rootKey();
            if (root == null) {
                throw new IllegalArgumentException("--root needs ROSTER_ROOT_ACCESS_KEY and ROSTER_ROOT_SECRET_KEY");
            }
            return List.of(BenchKey.everyApp(root));
        }
        try {
            return KeyFile.read(keys.file);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + keys.file + ": " + e.getMessage());
        }
    }

    /**
     * The server a subcommand that can also start its own should use instead: the one {@code --url} names,
     * with the first key of {@code --root} or {@code --keys}, its first AppId (the first of {@code --apps} for a
     * key of every AppId) and {@code --server-pid}; null when {@code --url} was not given.
     */
    QueryBench.Existing existingServer() {
        if (!spec.commandLine().getParseResult().hasMatchedOption("--url")) {
            return null;
        }
        if (serverPid != null && ProcessHandle.of(serverPid).isEmpty()) {
            throw new IllegalArgumentException("--server-pid: no process " + serverPid);
        }
        BenchKey key = keys().get(0);
        int app = key.apps().isEmpty() ? apps.get(0) : key.apps().get(0);
        return new QueryBench.Existing(url, key.credentials(), app, region, serverPid);
    }

    static void writeJson(Path file, String json) throws IOException {
        if (file != null) {
            Files.writeString(file, json + System.lineSeparator());
        }
    }

    Main main() {
        return main;
    }
}
