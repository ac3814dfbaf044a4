package dev.roster.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.api.BatchGetUserResult;
import dev.roster.api.UserView;
import dev.roster.store.Database;
import dev.roster.store.SqliteDatabase;
import dev.roster.store.StoreException;
import dev.roster.store.Profile;
import dev.roster.users.Limits;
import dev.roster.users.UserService;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
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
 * {@code roster users}: looks at what is stored, read-only, in the data directory or database a server
 * uses (it may be running). Profiles are printed as BatchGetUser returns them.
 */
@Command(
        name = "users",
        mixinStandardHelpOptions = true,
        description = "Show stored user profiles (read-only), as BatchGetUser returns them.",
        usageHelpWidth = 100,
        subcommands = {UsersCommand.Get.class, UsersCommand.ListUsers.class})
final class UsersCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: get or list");
    }

    /**
     * Opens the store for one look. The embedded store is opened to read only: a missing data directory is
     * not created, the schema not migrated, permissions not changed.
     */
    private <T> T withUsers(StoreOptions store, Function<UserService, T> work) {
        RosterConfig config = store.applyTo(RosterConfig.builder(), main.env()).databasePoolSize(1).build();
        Database opened;
        try {
            opened = config.databaseUrl() == null ? SqliteDatabase.openToRead(config.dataDir(), 1)
                    : Roster.openDatabase(config);
        } catch (StoreException e) {
            throw new CommandFailure(e.getMessage());
        }
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
            description = "Print the given users of an app, and the ids that are not registered.")
    static final class Get implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private UsersCommand users;

        @Mixin
        private StoreOptions store;

        @Option(names = "--app-id", required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Parameters(paramLabel = "USER_ID", arity = "1..*", description = "The users.")
        private List<Long> userIds;

        @Override
        public Integer call() {
            UserService.Lookup lookup = users.withUsers(store, service -> service.get(appId, userIds));
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

        @Option(names = "--app-id", required = true, paramLabel = "APPID", description = "The app.")
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
            List<Profile> page = users.withUsers(store, service -> service.list(appId, after, limit));
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
