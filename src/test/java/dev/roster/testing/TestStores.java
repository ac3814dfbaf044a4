package dev.roster.testing;

import dev.roster.RosterConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which store the behaviour suite runs on: {@code -Droster.test.store=sqlite} (the default) or
 * {@code postgresql}. The build runs the suite once for each (see the surefire executions in pom.xml).
 */
public final class TestStores {
    public static final String PROPERTY = "roster.test.store";

    private TestStores() {}

    public static boolean postgresql() {
        String store = System.getProperty(PROPERTY, "sqlite").toLowerCase(Locale.ROOT);
        if (!store.equals("sqlite") && !store.equals("postgresql")) {
            throw new IllegalStateException(PROPERTY + " must be sqlite or postgresql, got " + store);
        }
        return store.equals("postgresql");
    }

    /** The builder set up for the selected store: a data directory, or a fresh PostgreSQL database. */
    public static RosterConfig.Builder store(RosterConfig.Builder builder, Path dataDir) {
        builder.dataDir(dataDir);
        if (postgresql()) {
            builder.databaseUrl(PostgresServer.shared().newDatabase()).databaseUser(PostgresServer.USER);
        }
        return builder;
    }

    /** The arguments that point the {@code keys} command at the same store as {@code config}. */
    public static List<String> keysArgs(RosterConfig config) {
        if (config.databaseUrl() != null) {
            return List.of("--database-url", config.databaseUrl(), "--database-user", config.databaseUser());
        }
        return List.of("--data-dir", config.dataDir().toString());
    }
}
