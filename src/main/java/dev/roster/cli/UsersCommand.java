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
 * caller's key ({@link UserCalls}), and list them ({@link UserWalk}); or look at what is stored, read-only, in
 * the data directory or database a server uses (it may be running), with {@code get} and {@code list} given
 * {@code --data-dir} or {@code --database-url}.
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
            description = "Print an app's users in UserId order: through the API (ListUsers, every page), as a table"
                    + " or with --json one JSON object per line; or with --data-dir or --database-url straight from"
                    + " the store, read-only, one JSON object per line.")
    static final class ListUsers implements Callable<Integer> {
        /** Users per page read from a store. */
        private static final int STORE_PAGE = 1_000;
        /** Rows of the table printed at a time: its columns are as wide as the widest cell so far. */
        private static final int TABLE_BLOCK = 1_000;

        /** Named as ListUsers spells TagMatch. */
        enum Match { all, any }

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

        @Option(names = "--tag", paramLabel = "TAG", description = "Only users holding this tag; repeatable (see --match).")
        private List<String> tags = new ArrayList<>();

        @Option(names = "--match", paramLabel = "all|any", defaultValue = "all",
                description = "With several --tag: users holding all of them, or any. Default: ${DEFAULT-VALUE}")
        private Match match;

        @Option(names = "--nick-prefix", paramLabel = "PREFIX",
                description = "Only users whose NickName starts with this, ignoring case (full Unicode case folding).")
        private String nickPrefix;

        @Option(names = "--modified-after", paramLabel = "EPOCH_MS",
                description = "Only users changed after this time, in milliseconds since 1970.")
        private Long modifiedAfter;

        @Option(names = "--limit", paramLabel = "N", description = "Print at most this many users. Default: all")
        private Long limit;

        @Option(names = "--after", paramLabel = "USER_ID",
                description = "With --data-dir or --database-url: start after this user id (to page).")
        private Long after;

        @Option(names = "--page-size", hidden = true, paramLabel = "N", defaultValue = "" + UserWalk.MAX_PAGE,
                description = "Users per ListUsers call, 1 to " + UserWalk.MAX_PAGE + ".")
        private int pageSize;

        @Override
        public Integer call() throws InterruptedException {
            if (limit != null && limit < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 1 or more, got " + limit);
            }
            if (pageSize < 1 || pageSize > UserWalk.MAX_PAGE) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--page-size must be from 1 to " + UserWalk.MAX_PAGE + ", got " + pageSize);
            }
            if (modifiedAfter != null && modifiedAfter < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--modified-after must be 0 or more, got " + modifiedAfter);
            }
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            boolean fromStore = parsed.hasMatchedOption("--data-dir") || parsed.hasMatchedOption("--database-url");
            if (fromStore) {
                if (!tags.isEmpty() || nickPrefix != null || modifiedAfter != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--tag, --nick-prefix and"
                            + " --modified-after ask the API (ListUsers); they do not go with --data-dir or --database-url");
                }
                return fromStore();
            }
            if (after != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--after reads a store: it needs --data-dir or --database-url");
            }
            return throughApi();
        }

        private int throughApi() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            UserWalk.Query query = new UserWalk.Query(appId, tags, match == Match.all, nickPrefix, modifiedAfter);
            UserWalk walk = new UserWalk(client, users.main().env(), pageSize);
            UserWalk.Walked walked;
            if (client.json) {
                walked = walk.walk(query, total(), user -> out.println(Answers.line(user)));
            } else {
                Answers.Table table = new Answers.Table(out);
                List<List<String>> rows = new ArrayList<>(List.of(Answers.LISTED));
                walked = walk.walk(query, total(), user -> {
                    rows.add(Answers.listed(user));
                    if (rows.size() == TABLE_BLOCK) {
                        table.print(rows);
                        rows.clear();
                    }
                });
                if (walked.users() > 0) {
                    table.print(rows);
                }
            }
            out.flush();
            if (walked.stoppedAtLimit()) {
                spec.commandLine().getErr().println("more users may follow: stopped at --limit " + limit);
                spec.commandLine().getErr().flush();
            }
            return 0;
        }

        private int fromStore() {
            PrintWriter out = spec.commandLine().getOut();
            // The user id to go on --after when the walk stopped at --limit on a full page; -1 when it ran out.
            long last = withUsers(store, users.main.env(), service -> {
                long start = after == null ? 0 : after;
                for (long left = total(); left > 0; ) {
                    int asked = (int) Math.min(STORE_PAGE, left);
                    List<Profile> page = service.list(appId, start, asked);
                    page.forEach(profile -> out.println(json(UserView.of(profile), false)));
                    if (page.size() < asked) {
                        return -1L;
                    }
                    left -= asked;
                    start = page.get(page.size() - 1).userId();
                }
                return start;
            });
            out.flush();
            if (last >= 0) {
                spec.commandLine().getErr().println("more users may follow: --after " + last);
                spec.commandLine().getErr().flush();
            }
            return 0;
        }

        private long total() {
            return limit == null ? Long.MAX_VALUE : limit;
        }
    }
}
