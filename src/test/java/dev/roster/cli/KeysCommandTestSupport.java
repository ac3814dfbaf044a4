package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

/** The keys command, run in this JVM against a data directory, for tests outside this package. */
public final class KeysCommandTestSupport {
    private KeysCommandTestSupport() {}

    /** {@code keys create <scope>}; returns {AccessKeyId, SecretAccessKey, Apps}. */
    public static String[] create(Path dataDir, String... scope) {
        return KeysCommandTest.create(dataDir, Map.of(), scope);
    }

    /** Any {@code keys} subcommand; fails the test unless it exits 0. */
    public static String run(Path dataDir, String... args) {
        KeysCommandTest.Result r = KeysCommandTest.keys(dataDir, Map.of(), args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
