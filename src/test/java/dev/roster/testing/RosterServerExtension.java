package dev.roster.testing;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one Roster per test class on 127.0.0.1 and a free port, over a fresh temporary data
 * directory, and stops it afterwards. Register with {@code @RegisterExtension static}.
 */
public final class RosterServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<RosterConfig> customize;
    private Path dataDir;
    private Roster roster;
    private ApiClient client;

    public RosterServerExtension() {
        this(UnaryOperator.identity());
    }

    public RosterServerExtension(UnaryOperator<RosterConfig> customize) {
        this.customize = customize;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("roster-test-");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        TempDirs.delete(dataDir);
    }

    /** Stops the server and starts a new one on the same data directory (and a new port). */
    public void restart() throws Exception {
        stop();
        start();
    }

    public ApiClient client() {
        return client;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void start() throws Exception {
        RosterConfig config = customize.apply(RosterConfig.defaults()
                .withHost("127.0.0.1").withPort(0).withDataDir(dataDir));
        roster = Roster.start(config);
        client = new ApiClient(roster.url());
    }

    private void stop() throws Exception {
        if (roster != null) {
            roster.close();
            roster = null;
        }
    }

    /** Deletes a temporary directory tree. */
    public static final class TempDirs {
        private TempDirs() {}

        public static void delete(Path dir) {
            if (dir == null || !Files.exists(dir)) {
                return;
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
