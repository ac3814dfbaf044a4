package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The keys command, run in this JVM against a store, for tests outside this package. */
public final class KeysCommandTestSupport {
    private KeysCommandTestSupport() {}

    /** {@code keys create <scope>} against the store; returns {AccessKeyId, SecretAccessKey, Apps}. */
    public static String[] create(List<String> storeArgs, String... scope) {
        List<String> args = new ArrayList<>(List.of("create"));
        args.addAll(List.of(scope));
        return KeysCommandTest.parseCreated(run(storeArgs, args.toArray(String[]::new)));
    }

    /** Any {@code keys} subcommand against the store; fails the test unless it exits 0. */
    public static String run(List<String> storeArgs, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(storeArgs);
        KeysCommandTest.Result r = KeysCommandTest.keys(Map.of(), all);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
