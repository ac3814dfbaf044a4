package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.cli.CommandTestSupport;
import dev.roster.limit.RateLimits;
import dev.roster.testing.RosterServerExtension;
import dev.roster.text.CaseFolding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code roster bench queries} run small through the real entry point, with a child server from Maven's
 * classpath: a figure for every kind of query, no failed request, nothing left behind. Not a timing test.
 */
class BenchQueriesTest {
    private static final List<String> ROWS = List.of("allOfTwoTags", "anyOfThreeTags", "nickNamePrefix1",
            "nickNamePrefix2", "nickNamePrefix3", "anyOfThreeTagsPage1", "anyOfThreeTagsDeepPage", "unfilteredPage1",
            "unfilteredDeepPage", "allOfTwoTagsWithTotal", "anyOfThreeTagsWithTotal", "nickNamePrefix1WithTotal",
            "nickNamePrefix2WithTotal", "nickNamePrefix3WithTotal", "unfilteredWithTotal");

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config
            .rateLimits(new RateLimits(0, Map.of()))
            .authFailureLimit(0));

    @TempDir
    Path dir;

    @Test
    void reports_every_kind_of_query_without_a_failed_request_and_removes_its_server() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        Path report = dir.resolve("report.txt");
        Path json = dir.resolve("queries.json");
        CommandTestSupport.Result run = CommandTestSupport.run(Map.of(), "bench", "queries", "--users", "3000",
                "--samples", "10", "--deep-page", "5", "--work-dir", work.toString(), "--report", report.toString(),
                "--json", json.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode figures = new ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("errors").asLong()).isZero();
        assertThat(figures.at("/load/users").asLong()).isEqualTo(3000);
        assertThat(figures.at("/load/usersPerSecond").asDouble()).isPositive();
        List<String> keys = new ArrayList<>();
        for (JsonNode row : figures.get("queries")) {
            String key = row.get("key").asText();
            keys.add(key);
            assertThat(row.get("samples").asInt()).as(key).isEqualTo(10);
            assertThat(row.get("errors").asLong()).as(key).isZero();
            JsonNode ms = row.get("latencyMs");
            assertThat(ms.get("p50").asDouble()).as(key).isPositive().isLessThanOrEqualTo(ms.get("p99").asDouble());
            assertThat(ms.get("p99").asDouble()).as(key).isLessThanOrEqualTo(ms.get("max").asDouble());
            assertThat(row.get("serverCpuMicrosPerRequest").isNumber()).as(key + ": the child's CPU").isTrue();
            assertThat(row.get("matches").isObject()).as(key + ": matching users").isTrue();
            assertThat(row.get("usersPerPage").asDouble()).as(key).isBetween(0.0, 100.0);
        }
        assertThat(keys).containsExactlyElementsOf(ROWS);
        assertThat(figures.at("/queries/7/matches/median").asLong()).as("unfiltered: every user").isEqualTo(3000);
        assertThat(figures.at("/queries/7/usersPerPage").asDouble()).isEqualTo(100.0);
        assertThat(figures.at("/queries/8/label").asText()).as("30 pages of 100").isEqualTo("(d) unfiltered, page 5");
        assertThat(figures.get("ratios")).hasSize(8);

        assertThat(run.out()).contains("(a) all of 2 tags, page 1", "(c) NickNamePrefix of 3 characters, page 1",
                "(e) unfiltered: WithTotal / without");
        assertThat(Files.readString(report)).isEqualTo(run.out());
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("the child server").isEmpty();
        try (var left = Files.list(work)) {
            assertThat(left).as("the child's directory").isEmpty();
        }
    }

    @Test
    void on_a_server_given_by_url_it_fills_an_empty_app_and_refuses_one_that_holds_users() {
        Map<String, String> env = Map.of("ROSTER_ROOT_ACCESS_KEY", RosterServerExtension.ROOT.accessKeyId(),
                "ROSTER_ROOT_SECRET_KEY", RosterServerExtension.ROOT.secretAccessKey());
        String[] args = {"bench", "--url", SERVER.roster().url().toString(), "--root", "--apps", "41", "queries",
            "--users", "500", "--samples", "3", "--deep-page", "2"};
        CommandTestSupport.Result first = CommandTestSupport.run(env, args);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("500 users in AppId 41 on the server at " + SERVER.roster().url(),
                "(e) unfiltered, page 1, WithTotal");

        CommandTestSupport.Result again = CommandTestSupport.run(env, args);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("AppId 41 holds users already").doesNotContain("Exception");
    }

    @Test
    void the_users_are_a_function_of_the_seed_with_one_to_five_tags_and_names_of_many_scripts() {
        Population population = new Population(7, 100);
        assertThat(population.user(42)).isEqualTo(new Population(7, 100).user(42));
        assertThat(population.user(42)).isNotEqualTo(new Population(8, 100).user(42));

        Set<String> tags = new HashSet<>();
        Set<Character.UnicodeScript> scripts = new HashSet<>();
        Set<String> firstLetters = new HashSet<>();
        long nonAscii = 0;
        long changedByFolding = 0;
        for (long userId : LongStream.rangeClosed(1, 10_000).toArray()) {
            Population.User user = population.user(userId);
            assertThat(user.tags()).hasSizeBetween(1, 5).doesNotHaveDuplicates();
            tags.addAll(user.tags());
            String nick = user.nickName();
            assertThat(nick).isNotBlank();
            nick.codePoints().filter(Character::isLetter).forEach(c -> scripts.add(Character.UnicodeScript.of(c)));
            firstLetters.add(CaseFolding.fold(nick.substring(0, nick.offsetByCodePoints(0, 1))));
            nonAscii += nick.chars().anyMatch(c -> c > 127) ? 1 : 0;
            changedByFolding += CaseFolding.fold(nick).equals(nick) ? 0 : 1;
        }
        assertThat(tags).hasSize(100);
        assertThat(scripts).contains(Character.UnicodeScript.LATIN, Character.UnicodeScript.GREEK,
                Character.UnicodeScript.CYRILLIC, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                Character.UnicodeScript.HANGUL);
        assertThat(firstLetters).as("first characters, folded").hasSizeGreaterThan(40);
        assertThat(nonAscii).as("NickNames with a non-ASCII character").isBetween(2_000L, 6_000L);
        assertThat(changedByFolding).as("NickNames that case folding changes").isGreaterThan(5_000L);
    }
}
