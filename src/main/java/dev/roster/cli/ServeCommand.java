package dev.roster.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.auth.Credentials;
import dev.roster.events.EventsConfig;
import dev.roster.events.WebhookSink;
import dev.roster.http.HttpLimits;
import dev.roster.http.Tls;
import dev.roster.limit.RateLimits;
import dev.roster.logging.LogFormat;
import dev.roster.users.Limits;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code roster serve}: starts the server and runs until SIGTERM or SIGINT. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Start Roster, on its embedded SQLite store or on PostgreSQL. Every option can also be set by the environment"
                + " variable named in its description, or as a key of the --config file; a flag wins over the"
                + " variable, the variable over the file. Secrets are read from the"
                + " environment only: ROSTER_ROOT_ACCESS_KEY and ROSTER_ROOT_SECRET_KEY (the root key; without"
                + " them the first start generates one and prints it once) and ROSTER_MASTER_KEY (seals stored"
                + " secret keys with AES-GCM).",
        usageHelpWidth = 100,
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read settings from this YAML file: each option of serve as a key, without '--'"
                    + " (ROSTER_CONFIG). A flag wins over an environment variable, which wins over the file.")
    private Path configFile;

    @Option(names = "--print-config",
            description = "Print the settings this start would use, where each comes from, and which secrets are"
                    + " set (never their values), as YAML usable with --config; then exit.")
    private boolean printConfig;

    @Setting("ROSTER_HOST")
    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on (ROSTER_HOST). Default: ${DEFAULT-VALUE}")
    private String host;

    @Setting("ROSTER_PORT")
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port to listen on, 0 for any free port (ROSTER_PORT). Default: ${DEFAULT-VALUE}")
    private int port;

    @Mixin
    private StoreOptions store;

    @Setting("ROSTER_REDIS_URL")
    @Option(names = "--redis-url", paramLabel = "URL",
            description = "Share rate limits between nodes through Redis, e.g. redis://cache.internal:6379"
                    + " (ROSTER_REDIS_URL). Without it each node limits on its own.")
    private String redisUrl;

    @Setting("ROSTER_REGION")
    @Option(names = "--region", paramLabel = "REGION", defaultValue = "cn-north-1",
            description = "Region echoed in answers to requests that are not signed (ROSTER_REGION);"
                    + " signed requests get the region of their credential scope. Default: ${DEFAULT-VALUE}")
    private String region;

    @Setting("ROSTER_AUTH")
    @Option(names = "--auth", paramLabel = "on|off", defaultValue = "on",
            description = "Check the signature of every request (ROSTER_AUTH). 'off' accepts every request and lets"
                    + " it use every AppId: for local experiments only, and refused on a non-loopback --host"
                    + " unless --insecure is given. Default: ${DEFAULT-VALUE}")
    private String auth;

    @Setting("ROSTER_INSECURE")
    @Option(names = "--insecure", defaultValue = "false", fallbackValue = "true",
            arity = "0..1",
            description = "Allow --auth off on a non-loopback --host (ROSTER_INSECURE). Default: ${DEFAULT-VALUE}")
    private boolean insecure;

    @Setting("ROSTER_MAX_CLOCK_SKEW")
    @Option(names = "--max-clock-skew", paramLabel = "SECONDS", defaultValue = "900",
            description = "How far X-Date may be from the server clock before a request is InvalidTimestamp"
                    + " (ROSTER_MAX_CLOCK_SKEW). Default: ${DEFAULT-VALUE}")
    private int maxClockSkewSeconds;

    @Setting("ROSTER_RATE_LIMITS")
    @Option(names = "--rate-limit", paramLabel = "ACTION=N", split = ",",
            description = "Requests per second per access key for an Action, burst one second's worth; 0 turns"
                    + " the limit off. Repeatable, or comma-separated in ROSTER_RATE_LIMITS. Defaults:"
                    + " 50 for each Action, BatchGetUser=100.")
    private Map<String, Integer> rateLimits = new LinkedHashMap<>();

    @Setting("ROSTER_MAX_BODY_BYTES")
    @Option(names = "--max-body-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted; larger ones get RequestTooLarge (ROSTER_MAX_BODY_BYTES)."
                    + " Default: ${DEFAULT-VALUE}")
    private long maxBodyBytes;

    @Setting("ROSTER_LIMITS")
    @Option(names = "--limit", paramLabel = "NAME=N", split = ",",
            description = "Change a request or profile limit; repeatable, or comma-separated in ROSTER_LIMITS."
                    + " Names and defaults: register-users=20, update-users=10, unregister-users=10,"
                    + " get-users=50, tag-users=50, nick-name-chars=100, portrait-chars=500,"
                    + " tags-per-user=100, tag-chars=128, ext-keys=20, ext-key-bytes=50, ext-value-bytes=500,"
                    + " broadcast-content-bytes=65536")
    private Map<String, Integer> limits = new LinkedHashMap<>();

    @Setting("ROSTER_IDLE_TIMEOUT")
    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close a connection that sends nothing for this long, such as a request sent by halves"
                    + " (ROSTER_IDLE_TIMEOUT). Default: ${DEFAULT-VALUE}")
    private int idleTimeoutSeconds;

    @Setting("ROSTER_MAX_CONNECTIONS")
    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "1000",
            description = "Most connections open at once; further ones wait to be accepted (ROSTER_MAX_CONNECTIONS)."
                    + " Default: ${DEFAULT-VALUE}")
    private int maxConnections;

    @Setting("ROSTER_MAX_HEADER_BYTES")
    @Option(names = "--max-header-bytes", paramLabel = "BYTES", defaultValue = "8192",
            description = "Largest request line and headers; larger ones get 431 (ROSTER_MAX_HEADER_BYTES)."
                    + " Default: ${DEFAULT-VALUE}")
    private int maxHeaderBytes;

    @Setting("ROSTER_HEADER_TIMEOUT")
    @Option(names = "--header-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "The request line and headers must arrive within this long, however slowly they trickle;"
                    + " the connection is closed otherwise (ROSTER_HEADER_TIMEOUT). Default: ${DEFAULT-VALUE}")
    private int headerTimeoutSeconds;

    @Setting("ROSTER_BODY_TIMEOUT")
    @Option(names = "--body-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "A request body must arrive whole within this long, or it gets 408 RequestTimeout and the"
                    + " connection is closed (ROSTER_BODY_TIMEOUT). Default: ${DEFAULT-VALUE}")
    private int bodyTimeoutSeconds;

    @Setting("ROSTER_MIN_BODY_RATE")
    @Option(names = "--min-body-rate", paramLabel = "BYTES", defaultValue = "1024",
            description = "After its first second, a request body must arrive at this many bytes per second on"
                    + " average, or it gets 408 RequestTimeout; 0 turns the check off (ROSTER_MIN_BODY_RATE)."
                    + " Default: ${DEFAULT-VALUE}")
    private int minBodyRate;

    @Setting("ROSTER_MAX_CONNECTIONS_PER_CLIENT")
    @Option(names = "--max-connections-per-client", paramLabel = "N",
            defaultValue = "64",
            description = "Most connections one client address may hold at once; further ones are closed at once."
                    + " Trusted proxies are exempt (ROSTER_MAX_CONNECTIONS_PER_CLIENT). Default: ${DEFAULT-VALUE}")
    private int maxConnectionsPerClient;

    @Setting("ROSTER_TRUSTED_PROXIES")
    @Option(names = "--trusted-proxies", paramLabel = "CIDR[,CIDR...]", split = ",",
            description = "Load balancers and proxies in front of Roster, as addresses or CIDR blocks: for their"
                    + " connections the client address is read from Forwarded / X-Forwarded-For"
                    + " (ROSTER_TRUSTED_PROXIES). Default: none")
    private List<String> trustedProxies = new ArrayList<>();

    @Setting("ROSTER_REGIONS")
    @Option(names = "--regions", paramLabel = "REGION[,REGION...]", split = ",",
            description = "The regions a request may be signed for; others get MissingRequestInfo (ROSTER_REGIONS)."
                    + " Default: any well-formed region")
    private List<String> regions = new ArrayList<>();

    @Setting("ROSTER_AUTH_FAILURE_LIMIT")
    @Option(names = "--auth-failure-limit", paramLabel = "N", defaultValue = "20",
            description = "Failed authentications per second one client address may have; beyond it, its requests"
                    + " get 429 FlowLimitExceeded without a key lookup. 0 turns it off (ROSTER_AUTH_FAILURE_LIMIT)."
                    + " Default: ${DEFAULT-VALUE}")
    private int authFailureLimit;

    @Setting("ROSTER_SHUTDOWN_TIMEOUT")
    @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
            defaultValue = "30",
            description = "On SIGTERM, how long requests in flight may take to finish (ROSTER_SHUTDOWN_TIMEOUT)."
                    + " Default: ${DEFAULT-VALUE}")
    private int shutdownTimeoutSeconds;

    @Setting("ROSTER_TLS_CERT")
    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Serve HTTPS (HTTP/2 and HTTP/1.1) with the certificate in this PEM file: the server's"
                    + " certificate first, then its chain (ROSTER_TLS_CERT). Needs --tls-key.")
    private String tlsCert;

    @Setting("ROSTER_TLS_KEY")
    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The certificate's private key, a PEM file, unencrypted, PKCS#8 or PKCS#1 RSA"
                    + " (ROSTER_TLS_KEY). Needs --tls-cert.")
    private String tlsKey;

    @Setting("ROSTER_TLS_RELOAD")
    @Option(names = "--tls-reload", defaultValue = "false", fallbackValue = "true",
            arity = "0..1",
            description = "Read the certificate and key again when the files change, for rotation without a"
                    + " restart; a pair that cannot be used is logged and the previous one kept (ROSTER_TLS_RELOAD)."
                    + " Default: ${DEFAULT-VALUE}")
    private boolean tlsReload;

    @Setting("ROSTER_LOG_FORMAT")
    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            description = "How log lines are written to stderr: text, or json (one JSON object per line, Logback's"
                    + " JSON encoder; the access line's fields in kvpList) (ROSTER_LOG_FORMAT). Default: ${DEFAULT-VALUE}")
    private String logFormat;

    @Setting("ROSTER_METRICS")
    @Option(names = "--metrics", paramLabel = "on|off", defaultValue = "on",
            description = "Serve GET /metrics in Prometheus' text format: requests by Action and Code, latency"
                    + " histograms, throttling, failed authentications, the store's pools and commits, the JVM"
                    + " (ROSTER_METRICS). Default: ${DEFAULT-VALUE}")
    private String metrics;

    @Setting("ROSTER_CONSOLE")
    @Option(names = "--console", paramLabel = "on|off", defaultValue = "on",
            description = "Serve the web console at /console on the API's port: static pages that sign their calls to"
                    + " the API in the browser, as any client does (ROSTER_CONSOLE). Default: ${DEFAULT-VALUE}")
    private String console;

    @Setting("ROSTER_ADMIN_PORT")
    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Serve /metrics, /healthz and /readyz on this port (plain HTTP, same --host) instead of"
                    + " the API's, so that they need not be exposed with it (ROSTER_ADMIN_PORT). Default: the API's port")
    private Integer adminPort;

    @Setting("ROSTER_SEED")
    @Option(names = "--seed", paramLabel = "FILE",
            description = "Register the users of this NDJSON file (as roster export writes it) at start; users already"
                    + " registered are left as they are, so every start can seed (ROSTER_SEED).")
    private Path seed;

    @Setting("ROSTER_EPHEMERAL")
    @Option(names = "--ephemeral", defaultValue = "false", fallbackValue = "true", arity = "0..1",
            description = "Keep everything in a new temporary directory, deleted when Roster stops: a throwaway"
                    + " server for tests (ROSTER_EPHEMERAL). Not with --data-dir or --database-url."
                    + " Default: ${DEFAULT-VALUE}")
    private boolean ephemeral;

    @Setting("ROSTER_WEBHOOK_URLS")
    @Option(names = "--webhook-url", paramLabel = "URL", split = ",",
            description = "Post every change event to this URL, signed as Standard Webhooks (repeatable; the secret is"
                    + " ROSTER_WEBHOOK_SECRET, whsec_ and base64, environment only) (ROSTER_WEBHOOK_URLS, comma-separated)")
    private List<String> webhookUrls = new ArrayList<>();

    @Setting("ROSTER_WEBHOOK_APPS")
    @Option(names = "--webhook-apps", paramLabel = "APPID[,APPID...]", split = ",",
            description = "Send only these apps' events to the webhooks (ROSTER_WEBHOOK_APPS). Default: every app")
    private List<String> webhookApps = new ArrayList<>();

    @Setting("ROSTER_WEBHOOK_MAX_ATTEMPTS")
    @Option(names = "--webhook-max-attempts", paramLabel = "N", defaultValue = "20",
            description = "Attempts per event and sink (1 s, 2 s, 4 s … at most 10 min apart) before it is marked"
                    + " failed; applies to Kafka too (ROSTER_WEBHOOK_MAX_ATTEMPTS). Default: ${DEFAULT-VALUE}")
    private int webhookMaxAttempts;

    @Setting("ROSTER_KAFKA_BOOTSTRAP")
    @Option(names = "--kafka-bootstrap", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Produce every change event to Kafka through these brokers (ROSTER_KAFKA_BOOTSTRAP)")
    private String kafkaBootstrap;

    @Setting("ROSTER_KAFKA_TOPIC")
    @Option(names = "--kafka-topic", paramLabel = "TOPIC", defaultValue = EventsConfig.DEFAULT_TOPIC,
            description = "The Kafka topic of change events; key AppId:UserId, AppId:broadcast for a broadcast's"
                    + " (ROSTER_KAFKA_TOPIC)."
                    + " Default: ${DEFAULT-VALUE}")
    private String kafkaTopic;

    @Setting("ROSTER_EVENT_RETENTION")
    @Option(names = "--event-retention", paramLabel = "DURATION", defaultValue = "7d",
            converter = DurationConverter.class,
            description = "Keep change events this long for ListUserEvents, then prune them (never the changes a"
                    + " broadcast still building its audience needs); expired broadcasts stay listed this long too"
                    + " (ROSTER_EVENT_RETENTION)."
                    + " Default: ${DEFAULT-VALUE}")
    private Duration eventRetention;

    @Setting("ROSTER_EVENT_LEASE")
    @Option(names = "--event-lease", paramLabel = "DURATION", defaultValue = "30s", hidden = true,
            converter = DurationConverter.class,
            description = "How long a node holds a sink before another may take it over (ROSTER_EVENT_LEASE)."
                    + " Default: ${DEFAULT-VALUE}")
    private Duration eventLease;

    @Setting("ROSTER_BENCH_NOOP")
    @Option(names = "--bench-noop", defaultValue = "false", fallbackValue = "true",
            arity = "0..1",
            description = "Also answer BenchNoop (Version 2026-11-01): signed, rate-limited and parsed like every"
                    + " Action, then answered with an empty Result without touching the store; the HTTP floor of"
                    + " roster bench compare (ROSTER_BENCH_NOOP). Default: ${DEFAULT-VALUE}")
    private boolean benchNoop;

    @Override
    public Integer call() throws Exception {
        RosterConfig config = config(main.env());
        LogFormat format;
        try {
            format = LogFormat.parse(logFormat);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (printConfig) {
            printConfig(spec.commandLine().getOut(), main.env());
            return 0;
        }
        format.apply();
        Path scratch = null;
        if (ephemeral) {
            if (config.databaseUrl() != null || given("--data-dir")) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--ephemeral keeps its data in a temporary directory: not with --data-dir or --database-url");
            }
            scratch = Files.createTempDirectory("roster-ephemeral-");
            config = config.toBuilder().dataDir(scratch).build();
            LOG.info("ephemeral: the data is in {} and is deleted when Roster stops", scratch);
        }
        try {
            return run(config);
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    /** True when a flag, a variable or the config file set {@code option}. */
    private boolean given(String option) {
        OptionSpec spec = this.spec.findOption(option);
        return this.spec.commandLine().getParseResult().hasMatchedOption(spec)
                || !main.sources().origin(spec).equals(OptionSources.DEFAULT);
    }

    private int run(RosterConfig config) throws Exception {
        ShutdownSignal shutdown = new ShutdownSignal();
        Roster roster;
        try {
            roster = Roster.start(config);
        } catch (Exception e) {
            // The message says what to fix (a key, a file, a port); the trace is for ROSTER_LOG_LEVEL=DEBUG.
            LOG.error("cannot start: {}", e.getMessage());
            LOG.debug("cannot start", e);
            System.err.println("roster: cannot start: " + e.getMessage());
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        roster.generatedRootKey().ifPresent(key -> printRootKey(out, key));
        out.println("Roster listening on " + roster.url());
        roster.adminUrl().ifPresent(admin -> out.println("Metrics and probes on " + admin));
        out.flush();
        shutdown.await();
        LOG.info("stopping: no new connections; finishing requests in flight");
        roster.close();
        LOG.info("stopped");
        return 0;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private RosterConfig config(Environment env) {
        try {
            return store.applyTo(RosterConfig.builder(), env)
                    .host(host)
                    .port(port)
                    .redisUrl(Environment.blankToNull(redisUrl))
                    .region(region)
                    .authEnabled(parseSwitch("--auth", auth))
                    .insecure(insecure)
                    .maxClockSkew(Duration.ofSeconds(maxClockSkewSeconds))
                    .rateLimits(RateLimits.DEFAULTS.with(rateLimits))
                    .maxBodyBytes(maxBodyBytes)
                    .limits(Limits.DEFAULTS.with(limits))
                    .shutdownTimeout(Duration.ofSeconds(shutdownTimeoutSeconds))
                    .http(new HttpLimits(Duration.ofSeconds(idleTimeoutSeconds), Duration.ofSeconds(headerTimeoutSeconds),
                            Duration.ofSeconds(bodyTimeoutSeconds), minBodyRate, maxConnections,
                            maxConnectionsPerClient, maxHeaderBytes))
                    .trustedProxies(nonBlank(trustedProxies))
                    .regions(Set.copyOf(nonBlank(regions)))
                    .authFailureLimit(authFailureLimit)
                    .rootKey(env.rootKey())
                    .masterKey(env.masterKey())
                    .tls(Tls.of(path(tlsCert), path(tlsKey), tlsReload))
                    .benchNoop(benchNoop)
                    .seed(seed)
                    .metrics(parseSwitch("--metrics", metrics))
                    .console(parseSwitch("--console", console))
                    .adminPort(adminPort)
                    .events(new EventsConfig(nonBlank(webhookUrls).stream().map(WebhookSink::checkUrl).toList(),
                            env.webhookSecret(), appIds(nonBlank(webhookApps)), webhookMaxAttempts,
                            Environment.blankToNull(kafkaBootstrap), kafkaTopic, eventRetention, eventLease))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** A list option set to an empty environment variable arrives as one blank element. */
    private static List<String> nonBlank(List<String> values) {
        return values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private static Set<Integer> appIds(List<String> values) {
        Set<Integer> apps = new java.util.LinkedHashSet<>();
        for (String value : values) {
            try {
                apps.add(Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--webhook-apps takes AppIds (integers), got '" + value + "'");
            }
        }
        return apps;
    }

    private static Path path(String value) {
        String file = Environment.blankToNull(value);
        return file == null ? null : Path.of(file);
    }

    private static boolean parseSwitch(String option, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(option + " must be 'on' or 'off', got '" + value + "'");
        };
    }

    /**
     * Every setting as {@code key: value  # source}, values written as JSON (which YAML reads as they are),
     * then the environment-only secrets as set or not, never their values.
     */
    private void printConfig(PrintWriter out, Environment env) throws Exception {
        ObjectMapper json = new ObjectMapper();
        out.println("# serve --print-config: the settings this start would use and where each comes from");
        if (main.sources().file().path() != null) {
            out.println("# config file: " + main.sources().file().path());
        }
        for (OptionSpec option : OptionSources.settings(spec)) {
            String origin = spec.commandLine().getParseResult().hasMatchedOption(option)
                    ? "flag " + option.longestName() : main.sources().origin(option);
            Object value = option.getValue() instanceof Path path ? path.toString()
                    : option.getValue() instanceof Duration duration ? DurationConverter.format(duration)
                    : option.getValue();
            out.println(OptionSources.key(option) + ": " + json.writeValueAsString(value) + "  # " + origin);
        }
        out.println("# environment only (secrets are never shown):");
        for (String variable : List.of(Environment.ROOT_ACCESS_KEY, Environment.ROOT_SECRET_KEY, Environment.MASTER_KEY,
                Environment.DATABASE_PASSWORD, Environment.WEBHOOK_SECRET)) {
            boolean set = Environment.blankToNull(env.get(variable)) != null;
            String shown = variable.equals(Environment.ROOT_ACCESS_KEY) && set ? env.get(variable) : set ? "set" : "not set";
            out.println("#   " + variable + ": " + shown);
        }
        out.flush();
    }

    private static void printRootKey(PrintWriter out, Credentials key) {
        out.println("Generated the root access key (every AppId). The secret is shown only now; keep it safe:");
        out.println("  AccessKeyId:     " + key.accessKeyId());
        out.println("  SecretAccessKey: " + key.secretAccessKey());
    }
}
