package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysCommandTest {
    private static final Pattern CREATED = Pattern.compile(
            "AccessKeyId:\\s+(\\S+)\\s+SecretAccessKey:\\s+(\\S+)\\s+Apps:\\s+(\\S+)");

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    /** {@code roster keys <args>} in this JVM. */
    static Result keys(Map<String, String> env, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Environment(env));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        List<String> all = new ArrayList<>(List.of("keys"));
        all.addAll(args);
        return new Result(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    static Result keys(Path dataDir, Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data-dir", dataDir.toString()));
        return keys(env, all);
    }

    /** {AccessKeyId, SecretAccessKey, Apps} from what {@code keys create} printed. */
    static String[] parseCreated(String out) {
        Matcher m = CREATED.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new String[] {m.group(1), m.group(2), m.group(3)};
    }

    /** Runs {@code keys create} and returns {AccessKeyId, SecretAccessKey, Apps}. */
    static String[] create(Path dataDir, Map<String, String> env, String... scope) {
        String[] args = new String[scope.length + 1];
        args[0] = "create";
        System.arraycopy(scope, 0, args, 1, scope.length);
        Result r = keys(dataDir, env, args);
        assertThat(r.exit()).as(r.err()).isZero();
        return parseCreated(r.out());
    }

    @Test
    void create_prints_a_new_key_once_and_list_shows_it_without_its_secret() {
        String[] scoped = create(dir, Map.of(), "--apps", "1,2");
        String[] all = create(dir, Map.of(), "--all-apps");
        assertThat(scoped[0]).startsWith("AKLT");
        assertThat(scoped[2]).isEqualTo("1,2");
        assertThat(all[2]).isEqualTo("*");

        Result list = keys(dir, Map.of(), "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(scoped[0], all[0], "enabled", "1,2", "*")
                .doesNotContain(scoped[1], all[1]);
    }

    @Test
    void disable_enable_and_delete_change_the_key_and_say_so() {
        String ak = create(dir, Map.of(), "--apps", "7")[0];
        assertThat(keys(dir, Map.of(), "disable", ak).out()).contains(ak + " disabled");
        assertThat(keys(dir, Map.of(), "list").out()).contains("disabled");
        assertThat(keys(dir, Map.of(), "enable", ak).out()).contains(ak + " enabled");
        assertThat(keys(dir, Map.of(), "delete", ak).out()).contains(ak + " deleted");
        assertThat(keys(dir, Map.of(), "list").out()).doesNotContain(ak);
        Result missing = keys(dir, Map.of(), "delete", ak);
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no access key " + ak);
    }

    @Test
    void create_needs_exactly_one_scope() {
        assertThat(keys(dir, Map.of(), "create").exit()).isEqualTo(2);
        assertThat(keys(dir, Map.of(), "create", "--apps", "1", "--all-apps").exit()).isEqualTo(2);
        assertThat(keys(dir, Map.of(), "create", "--apps", "0").err()).contains("AppIds are integers from 1");
    }

    @Test
    void with_a_master_key_no_secret_is_stored_in_clear() throws Exception {
        Map<String, String> env = Map.of("ROSTER_MASTER_KEY", "k".repeat(40));
        String secret = create(dir, env, "--all-apps")[1];
        String plainSecret = create(dir, Map.of(), "--all-apps")[1];
        byte[] database = Files.readAllBytes(dir.resolve("roster.db"));
        byte[] wal = Files.exists(dir.resolve("roster.db-wal")) ? Files.readAllBytes(dir.resolve("roster.db-wal")) : new byte[0];
        String stored = new String(database, java.nio.charset.StandardCharsets.ISO_8859_1)
                + new String(wal, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(stored).doesNotContain(secret).contains(plainSecret);
    }
}
