package dev.roster.testing;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.auth.Credentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts one Roster per test class on 127.0.0.1 and a free port, over a fresh store (a temporary data
 * directory, or a new PostgreSQL database when {@link TestStores} says so), with a known root key, and
 * stops it afterwards. Register with {@code @RegisterExtension static}.
 */
public final class RosterServerExtension implements BeforeAllCallback, AfterAllCallback {
    public static final Credentials ROOT = new Credentials("AKLTtestroot", "test-root-secret-0123456789-abcdef");

    private final UnaryOperator<RosterConfig.Builder> customize;
    private final TimeMeter bucketTime;
    private Path dataDir;
    private RosterConfig config;
    private Roster roster;
    private ApiClient client;

    public RosterServerExtension() {
        this(UnaryOperator.identity());
    }

    public RosterServerExtension(UnaryOperator<RosterConfig.Builder> customize) {
        this(customize, TimeMeter.SYSTEM_NANOTIME);
    }

    /** With the clock of the local rate-limit buckets given, so that a test can move it by hand. */
    public RosterServerExtension(UnaryOperator<RosterConfig.Builder> customize, TimeMeter bucketTime) {
        this.customize = customize;
        this.bucketTime = bucketTime;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dataDir = Files.createTempDirectory("roster-test-");
        config = customize.apply(TestStores.store(RosterConfig.builder(), dataDir)
                .host("127.0.0.1").port(0).rootKey(ROOT)).build();
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        deleteTree(dataDir);
    }

    /** Stops the server and starts a new one on the same data directory (and a new port). */
    public void restart() throws Exception {
        stop();
        start();
    }

    /** A client that signs with the root key. */
    public ApiClient client() {
        return client;
    }

    public Roster roster() {
        return roster;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The configuration the server runs with, store included. */
    public RosterConfig config() {
        return config;
    }

    /** The arguments that point the {@code keys} command at this server's store. */
    public List<String> keysArgs() {
        return TestStores.keysArgs(config);
    }

    private void start() throws Exception {
        roster = Roster.start(config, Clock.systemUTC(), bucketTime);
        client = new ApiClient(roster.url(), new TestSigner(ROOT));
    }

    private void stop() throws Exception {
        if (roster != null) {
            roster.close();
            roster = null;
        }
    }

    /** Deletes a directory tree, if it exists. */
    public static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
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
