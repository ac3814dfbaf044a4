package dev.roster.cli;

import dev.roster.RosterConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives, shared by every command that opens it. The database password is read from the environment. */
final class StoreOptions {
    @Setting("ROSTER_DATA_DIR")
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./roster-data",
            description = "Directory of the embedded database, created owner-only if missing (ROSTER_DATA_DIR)."
                    + " Unused with --database-url. Default: ${DEFAULT-VALUE}")
    private Path dataDir;

    @Setting("ROSTER_DATABASE_URL")
    @Option(names = "--database-url", paramLabel = "JDBC_URL",
            description = "Run on PostgreSQL instead of the embedded store, e.g."
                    + " jdbc:postgresql://db.internal:5432/roster (ROSTER_DATABASE_URL). The password comes from"
                    + " ROSTER_DATABASE_PASSWORD.")
    private String databaseUrl;

    @Setting("ROSTER_DATABASE_USER")
    @Option(names = "--database-user", paramLabel = "USER",
            description = "PostgreSQL user (ROSTER_DATABASE_USER).")
    private String databaseUser;

    @Setting("ROSTER_DATABASE_POOL_SIZE")
    @Option(names = "--database-pool-size", paramLabel = "N", defaultValue = "10",
            description = "Most connections this node opens to PostgreSQL (ROSTER_DATABASE_POOL_SIZE)."
                    + " Default: ${DEFAULT-VALUE}")
    private int databasePoolSize;

    /** Points {@code builder} at the store these options name, with the password from the environment. */
    RosterConfig.Builder applyTo(RosterConfig.Builder builder, Environment env) {
        return builder.dataDir(dataDir)
                .databaseUrl(Environment.blankToNull(databaseUrl))
                .databaseUser(Environment.blankToNull(databaseUser))
                .databasePassword(env.databasePassword())
                .databasePoolSize(databasePoolSize);
    }
}
