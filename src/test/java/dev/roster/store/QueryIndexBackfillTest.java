package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Users stored before the query indexes existed (schema version 3) are found by ListUsers after the
 * upgrade: migration 5 fills {@code nick_fold} and {@code user_tags} for them, on either store.
 */
@Tag("behaviour")
class QueryIndexBackfillTest {

    @Test
    void users_written_before_the_indexes_are_found_after_the_upgrade() throws Exception {
        Path dir = Files.createTempDirectory("roster-backfill-");
        RosterConfig config = TestStores.store(RosterConfig.builder(), dir).build();
        String url = config.databaseUrl() != null ? config.databaseUrl() : "jdbc:sqlite:" + dir.resolve("roster.db");
        FluentConfiguration flyway = Migrations.flyway(config.databaseUrl() != null ? "postgresql" : "sqlite")
                .target("3");
        if (config.databaseUrl() != null) {
            flyway.dataSource(url, config.databaseUser(), config.databasePassword());
        } else {
            flyway.dataSource(url, null, null);
        }
        flyway.load().migrate();
        try (Connection c = DriverManager.getConnection(url, config.databaseUser(), config.databasePassword());
                PreparedStatement insert = c.prepareStatement("INSERT INTO users (app_id, user_id, nick_name, tags,"
                        + " create_time, modify_time, version) VALUES (?, ?, ?, ?, 1, 1, 1)")) {
            for (int i = 1; i <= 2_500; i++) {
                insert.setInt(1, i % 2 == 0 ? 1 : 2);
                insert.setLong(2, i);
                insert.setString(3, i == 1_001 ? "Straße" : "user " + i);
                insert.setString(4, i % 3 == 0 ? "[\"three\",\"x\"]" : "[]");
                insert.addBatch();
            }
            insert.executeBatch();
        }

        Database database = Roster.openDatabase(config);
        try {
            UserStore store = database.userStore();
            assertThat(store.query(UserQuery.of(2, List.of(), true, "STRASSE", null), 0, 10, false).users())
                    .extracting(Profile::userId).containsExactly(1_001L);
            UserPage threes = store.query(UserQuery.of(1, List.of("three", "x"), true, null, null), 0, 1_000, true);
            assertThat(threes.total()).isEqualTo(416); // the even multiples of 3 up to 2,500
            assertThat(threes.users()).extracting(Profile::userId).allMatch(id -> id % 6 == 0);
            assertThat(store.query(UserQuery.of(1, List.of(), true, "USER 2", null), 0, 1_000, true).total())
                    .isEqualTo(1 + 5 + 50 + 251); // the even ones of 2, 20-29, 200-299, 2000-2500
        } finally {
            database.close();
            RosterServerExtension.deleteTree(dir);
        }
    }
}
