package dev.roster.cli;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.users.Limits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code roster serve}: starts the server and runs until SIGTERM or SIGINT. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Start Roster on its embedded SQLite store. Every option can also be set by the environment"
                + " variable named in its description; a flag wins over the variable.",
        usageHelpWidth = 100,
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:ROSTER_HOST:-0.0.0.0}",
            description = "Address to listen on (ROSTER_HOST). Default: ${DEFAULT-VALUE}")
    private String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:ROSTER_PORT:-8080}",
            description = "TCP port to listen on, 0 for any free port (ROSTER_PORT). Default: ${DEFAULT-VALUE}")
    private int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:ROSTER_DATA_DIR:-./roster-data}",
            description = "Directory of the embedded database, created owner-only if missing (ROSTER_DATA_DIR)."
                    + " Default: ${DEFAULT-VALUE}")
    private Path dataDir;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:ROSTER_REGION:-cn-north-1}",
            description = "Region echoed in answers to requests that are not signed (ROSTER_REGION);"
                    + " signed requests get the region of their credential scope. Default: ${DEFAULT-VALUE}")
    private String region;

    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "${env:ROSTER_MAX_BODY_BYTES:-1048576}",
            description = "Largest request body accepted; larger ones get RequestTooLarge (ROSTER_MAX_BODY_BYTES)."
                    + " Default: ${DEFAULT-VALUE}")
    private long maxBodyBytes;

    @Option(names = "--limit", paramLabel = "NAME=N", split = ",", defaultValue = "${env:ROSTER_LIMITS}",
            description = "Change a request or profile limit; repeatable, or comma-separated in ROSTER_LIMITS."
                    + " Names and defaults: register-users=20, update-users=10, unregister-users=10,"
                    + " get-users=50, tag-users=50, nick-name-chars=100, portrait-chars=500,"
                    + " tags-per-user=100, tag-chars=128, ext-keys=20, ext-key-bytes=50, ext-value-bytes=500")
    private Map<String, Integer> limits = new LinkedHashMap<>();

    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
            defaultValue = "${env:ROSTER_SHUTDOWN_TIMEOUT:-30}",
            description = "On SIGTERM, how long requests in flight may take to finish (ROSTER_SHUTDOWN_TIMEOUT)."
                    + " Default: ${DEFAULT-VALUE}")
    private int shutdownTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        RosterConfig config;
        try {
            config = new RosterConfig(host, port, dataDir, region, Limits.DEFAULTS.with(limits), maxBodyBytes,
                    Duration.ofSeconds(shutdownTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        ShutdownSignal shutdown = new ShutdownSignal();
        Roster roster;
        try {
            roster = Roster.start(config);
        } catch (Exception e) {
            LOG.error("cannot start: {}", e.getMessage(), e);
            System.err.println("roster: cannot start: " + e.getMessage());
            return 1;
        }
        System.out.println("Roster listening on " + roster.url());
        System.out.flush();
        shutdown.await();
        LOG.info("stopping: no new connections; finishing requests in flight");
        roster.close();
        LOG.info("stopped");
        return 0;
    }
}
