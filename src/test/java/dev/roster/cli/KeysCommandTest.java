package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.store.AccessKey;
import dev.roster.store.SqliteDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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

    private static final String MASTER = "k".repeat(40);
    private static final Map<String, String> WITH_MASTER = Map.of("ROSTER_MASTER_KEY", MASTER);
    private static final Map<String, String> WRONG_MASTER = Map.of("ROSTER_MASTER_KEY", "w".repeat(40));

    /** What the database and its write-ahead log hold, as text, to search for secrets. */
    private String storedBytes() throws Exception {
        byte[] database = Files.readAllBytes(dir.resolve("roster.db"));
        Path walFile = dir.resolve("roster.db-wal");
        byte[] wal = Files.exists(walFile) ? Files.readAllBytes(walFile) : new byte[0];
        return new String(database, StandardCharsets.ISO_8859_1) + new String(wal, StandardCharsets.ISO_8859_1);
    }

    /** Every stored key with its stored secret, exactly as stored, read without changing anything. */
    private List<AccessKey> storedKeys() {
        try (SqliteDatabase database = SqliteDatabase.openToRead(dir, 1)) {
            return database.keyStore().list();
        }
    }

    private static void assertRefusedCleanly(Result r, String... message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).as("no key is shown").doesNotContain("SecretAccessKey");
        assertThat(r.err()).startsWith("roster: no key created: ").contains(message).doesNotContain("\tat ");
    }

    @Test
    void with_a_master_key_no_secret_is_stored_in_clear() throws Exception {
        String first = create(dir, WITH_MASTER, "--all-apps")[1];
        String second = create(dir, WITH_MASTER, "--apps", "3")[1];
        assertThat(storedBytes()).doesNotContain(first, second);
        assertThat(storedKeys()).allSatisfy(key -> assertThat(key.secret()).startsWith("aes-gcm:"));
    }

    @Test
    void the_key_store_is_never_put_in_a_mixed_state_create_without_the_master_key_on_a_sealed_store_writes_nothing() {
        create(dir, WITH_MASTER, "--all-apps");
        List<AccessKey> before = storedKeys();
        String listBefore = keys(dir, Map.of(), "list").out();

        assertRefusedCleanly(keys(dir, Map.of(), "create", "--all-apps"), "is sealed with a master key",
                "set ROSTER_MASTER_KEY");

        assertThat(storedKeys()).isEqualTo(before);
        assertThat(keys(dir, Map.of(), "list").out()).isEqualTo(listBefore);
    }

    @Test
    void the_key_store_is_never_put_in_a_mixed_state_create_with_a_wrong_master_key_on_a_sealed_store_writes_nothing() {
        create(dir, WITH_MASTER, "--apps", "4");
        List<AccessKey> before = storedKeys();
        String listBefore = keys(dir, Map.of(), "list").out();

        assertRefusedCleanly(keys(dir, WRONG_MASTER, "create", "--apps", "4"),
                "ROSTER_MASTER_KEY does not open the secret of " + before.get(0).accessKeyId());

        assertThat(storedKeys()).isEqualTo(before);
        assertThat(keys(dir, Map.of(), "list").out()).isEqualTo(listBefore);
        assertThat(create(dir, WITH_MASTER, "--apps", "4")[0]).as("the right master key still works").isNotBlank();
    }

    @Test
    void the_key_store_is_never_put_in_a_mixed_state_create_with_a_master_key_on_a_clear_store_writes_nothing() {
        create(dir, Map.of(), "--all-apps");
        List<AccessKey> before = storedKeys();

        assertRefusedCleanly(keys(dir, WITH_MASTER, "create", "--all-apps"), "the stored secrets are in clear;"
                + " start serve once with ROSTER_MASTER_KEY (it seals them all) or unset it");

        assertThat(storedKeys()).isEqualTo(before);
        assertThat(before).allSatisfy(key -> assertThat(key.secret()).startsWith("plain:"));
    }

    @Test
    void a_weak_master_key_is_refused_without_a_stack_trace() {
        Result r = keys(dir, Map.of("ROSTER_MASTER_KEY", "short"), "create", "--all-apps");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("ROSTER_MASTER_KEY must have at least 32 characters").doesNotContain("\tat ");
    }

    @Test
    void list_enable_disable_and_delete_need_no_master_key_so_a_leaked_key_can_be_stopped_without_it() {
        String leaked = create(dir, WITH_MASTER, "--apps", "9")[0];
        String other = create(dir, WITH_MASTER, "--apps", "9")[0];
        List<String> secretsBefore = storedKeys().stream().map(AccessKey::secret).toList();
        for (Map<String, String> env : List.of(Map.<String, String>of(), WRONG_MASTER,
                Map.of("ROSTER_MASTER_KEY", "short"))) {
            Result list = keys(dir, env, "list");
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains(leaked, other);
            assertThat(keys(dir, env, "disable", leaked).out()).contains(leaked + " disabled");
            assertThat(keys(dir, env, "list").out()).containsPattern(leaked + "\\s+disabled");
            assertThat(keys(dir, env, "enable", leaked).out()).contains(leaked + " enabled");
        }
        assertThat(keys(dir, Map.of(), "disable", leaked).exit()).isZero();
        assertThat(keys(dir, WRONG_MASTER, "delete", other).out()).contains(other + " deleted");
        assertThat(storedKeys()).singleElement().satisfies(key -> {
            assertThat(key.accessKeyId()).isEqualTo(leaked);
            assertThat(key.enabled()).isFalse();
            assertThat(secretsBefore).as("secrets untouched").contains(key.secret());
        });
    }
}
