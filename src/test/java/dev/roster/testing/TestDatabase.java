package dev.roster.testing;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.store.Database;
import java.nio.file.Files;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database for each test, on the store the suite is set to ({@link TestStores}): a temporary
 * SQLite directory or a new PostgreSQL database, closed and removed after the test.
 * {@code @RegisterExtension final TestDatabase db = new TestDatabase();}
 */
public final class TestDatabase implements BeforeEachCallback, AfterEachCallback {
    private RosterConfig config;
    private Database database;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        config = TestStores.store(RosterConfig.builder(), Files.createTempDirectory("roster-db-")).build();
        database = Roster.openDatabase(config);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        database.close();
        RosterServerExtension.deleteTree(config.dataDir());
    }

    public RosterConfig config() {
        return config;
    }

    public Database database() {
        return database;
    }

    /** The same database opened once more, with pools of its own, as another node would: the caller closes it. */
    public Database openAgain() {
        return Roster.openDatabase(config);
    }
}
