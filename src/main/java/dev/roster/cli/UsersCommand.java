package dev.roster.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.RosterConfig;
import dev.roster.api.Actions;
import dev.roster.api.BatchGetUserResult;
import dev.roster.api.UserView;
import dev.roster.client.RosterClient;
import dev.roster.store.Database;
import dev.roster.store.PostgresDatabase;
import dev.roster.store.Profile;
import dev.roster.store.SqliteDatabase;
import dev.roster.store.StoreException;
import dev.roster.users.Limits;
import dev.roster.users.UserService;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster users}: register, change, look at and unregister users through the API, signed with the
 * caller's key ({@link UserCalls}); or look at what is stored, read-only, in the data directory or
 * database a server uses (it may be running), with {@code get --data-dir|--database-url} and {@code list}.
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Register, change, show and unregister users through the API; or show stored profiles"
                + " (read-only) straight from a data directory or database.",
        usageHelpWidth = 100,
        subcommands = {UserCalls.Register.class, UserCalls.Update.class, UsersCommand.Get.class,
            UserCalls.Unregister.class, UserCalls.Tags.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: register, update, get, unregister, tags or list");
    }

    Main main() {
        return main;
    }

    /**
     * Opens the store for one look. The embedded store is opened to read only: a missing data directory is
     * not created, the schema not migrated, permissions not changed.
     */
    static <T> T withUsers(StoreOptions store, Environment env, Function<UserService, T> work) {
        RosterConfig config = store.applyTo(RosterConfig.builder(), env).databasePoolSize(1).build();
        // A store that cannot be opened is a StoreException: Main says it in one line and exits 1.
        Database opened = config.databaseUrl() == null ? SqliteDatabase.openToRead(config.dataDir(), 1)
                : PostgresDatabase.openToRead(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        try (Database database = opened) {
            return work.apply(new UserService(database.userStore(), Limits.DEFAULTS, Clock.systemUTC()));
        }
    }

    private static String json(Object value, boolean pretty) {
        try {
            return pretty ? JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Print the given users of an app, and the ids that are not registered: through the API"
                    + " (BatchGetUser), or with --data-dir or --database-url straight from the store, read-only,"
                    + " as JSON.")
    static final class Get implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private UsersCommand users;

        @Mixin
        private ClientOptions client;

        @Mixin
        private StoreOptions store;

        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Option(names = "--user", paramLabel = "USER_ID", description = "A user; repeatable.")
        private List<Long> userOptions = new ArrayList<>();

        @Parameters(paramLabel = "USER_ID", arity = "0..*", description = "More users.")
        private List<Long> userArguments = new ArrayList<>();

        @Override
        public Integer call() {
            List<Long> userIds = new ArrayList<>(userOptions);
            userIds.addAll(userArguments);
            if (userIds.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Name at least one user: --user USER_ID");
            }
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            if (!parsed.hasMatchedOption("--data-dir") && !parsed.hasMatchedOption("--database-url")) {
                ObjectNode body = new ObjectMapper().createObjectNode().put("AppId", appId);
                userIds.forEach(body.putArray("UserIds")::add);
                RosterClient.Answer answer = client.call(users.main().env(), "BatchGetUser", Actions.VERSION,
                        UserCalls.bytes(body));
                if (client.json) {
                    spec.commandLine().getOut().println(Answers.json(answer.result()));
                    spec.commandLine().getOut().flush();
                } else {
                    Answers.users(answer.result(), spec.commandLine().getOut());
                }
                return 0;
            }
            UserService.Lookup lookup = withUsers(store, users.main.env(), service -> service.get(appId, userIds));
            BatchGetUserResult result = new BatchGetUserResult(lookup.found().stream().map(UserView::of).toList(),
                    lookup.notFound());
            PrintWriter out = spec.commandLine().getOut();
            out.println(json(result, true));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Print an app's users in user-id order, one JSON object per line.")
    static final class ListUsers implements Callable<Integer> {
        static final int MAX_LIMIT = 10_000;

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private UsersCommand users;

        @Mixin
        private StoreOptions store;

        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Option(names = "--after", paramLabel = "USER_ID", defaultValue = "0",
                description = "Start after this user id (to page). Default: ${DEFAULT-VALUE}")
        private long after;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many users, up to " + MAX_LIMIT + ". Default: ${DEFAULT-VALUE}")
        private int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
            }
            List<Profile> page = withUsers(store, users.main.env(), service -> service.list(appId, after, limit));
            PrintWriter out = spec.commandLine().getOut();
            page.forEach(profile -> out.println(json(UserView.of(profile), false)));
            out.flush();
            if (page.size() == limit) {
                spec.commandLine().getErr().println("more users may follow: --after "
                        + page.get(page.size() - 1).userId());
            }
            return 0;
        }
    }
}
