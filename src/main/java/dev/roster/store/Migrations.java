package dev.roster.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The schema's migrations: the SQL files under {@code db/migration/<database>} and the steps that need
 * Roster's own code ({@link QueryIndexBackfill}). Every Flyway Roster makes comes from here.
 */
final class Migrations {
    private Migrations() {}

    /** Flyway for {@code database} ({@code sqlite} or {@code postgresql}), still to be given its data source. */
    static FluentConfiguration flyway(String database) {
        return Flyway.configure()
                .locations("classpath:db/migration/" + database)
                .javaMigrations(new QueryIndexBackfill());
    }
}
