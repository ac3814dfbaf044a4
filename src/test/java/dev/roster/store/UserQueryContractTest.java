package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.MemoryUserStore;
import dev.roster.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link UserStore#query} on the store the suite is set to (SQLite or PostgreSQL), against
 * {@link MemoryUserStore}'s plain filter as the model: exact result sets for random tags, NickNames and
 * times; short pages when a filter is rare; paging beside concurrent writers; the indexes of users stored
 * before they existed.
 */
@Tag("behaviour")
class UserQueryContractTest {
    private static final int APP = 1;
    private static final List<String> TAGS = List.of("a", "b", "c", "d", "vip", "Vip");
    private static final List<String> NAMES = List.of("Straße", "STRASSE", "strand", "Ilse", "ılık", "İlker", "ilk",
            "Zoë", "zoe", "ΣΑΣ", "σας", "😀 smile", "😀", "中文名", "", "a", "A b", "ab", "ǅemal", "ﬀ");
    private static final List<String> PREFIXES = List.of("", "s", "STR", "straß", "strasse", "i", "ı", "İ", "il",
            "z", "zoë", "σ", "ς", "😀", "中", "a", "ab", "x", "ǆ", "ff", "DŽ");

    @RegisterExtension
    final TestDatabase db = new TestDatabase();
    private UserStore store;
    private final MemoryUserStore model = new MemoryUserStore();

    @BeforeEach
    void open() {
        store = db.database().userStore();
    }

    /** Writes the same plan to the store under test and to the model. */
    private void write(List<Profile> puts, List<Long> deletes) {
        List<Long> ids = new ArrayList<>(deletes);
        puts.forEach(p -> ids.add(p.userId()));
        for (UserStore s : List.of(store, model)) {
            s.modify(APP, ids, current -> new Plan<>(null, puts, deletes));
        }
    }

    private static Profile user(long id, String nick, List<String> tags, long modifyTime, long version) {
        return new Profile(APP, id, nick, "", tags, Map.of(), false, 1, modifyTime, version);
    }

    /** Every page of {@code query} from {@code s}, checking the shape of each page. */
    private static List<Long> walk(UserStore s, UserQuery query, int limit) {
        List<Long> ids = new ArrayList<>();
        long after = 0;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("pages of %s", query).isLessThan(100_000);
            UserPage page = s.query(query, after, limit, false);
            assertThat(page.users().size()).isLessThanOrEqualTo(limit);
            page.users().forEach(p -> {
                assertThat(query.matches(p)).as("%s matches %s", p, query).isTrue();
                ids.add(p.userId());
            });
            if (page.next() == null) {
                return ids;
            }
            assertThat(page.next()).isGreaterThan(after);
            after = page.next();
        }
    }

    @Test
    void random_queries_find_exactly_what_the_model_finds() {
        Random random = new Random(12);
        List<Profile> users = new ArrayList<>();
        for (long id = 1; id <= 700; id++) {
            List<String> tags = new ArrayList<>();
            for (int t = random.nextInt(4); t > 0; t--) {
                tags.add(TAGS.get(random.nextInt(TAGS.size())));
            }
            users.add(user(id * 3 + random.nextInt(3), NAMES.get(random.nextInt(NAMES.size())),
                    new ArrayList<>(new java.util.LinkedHashSet<>(tags)), 1_000 + random.nextInt(10), 1));
        }
        for (int from = 0; from < users.size(); from += 100) {
            write(users.subList(from, from + 100), List.of());
        }
        // Some users change tags and names, some go: the indexes must follow.
        List<Profile> changed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Profile p = users.get(i * 7);
            changed.add(user(p.userId(), NAMES.get(random.nextInt(NAMES.size())),
                    random.nextBoolean() ? List.of() : List.of(TAGS.get(random.nextInt(TAGS.size()))), 2_000, 2));
        }
        write(changed, List.of(users.get(3).userId(), users.get(10).userId()));

        for (int n = 0; n < 400; n++) {
            List<String> tags = new ArrayList<>();
            for (int t = random.nextInt(4); t > 0; t--) {
                tags.add(TAGS.get(random.nextInt(TAGS.size())));
            }
            UserQuery query = UserQuery.of(APP, tags, random.nextBoolean(),
                    random.nextInt(3) == 0 ? null : PREFIXES.get(random.nextInt(PREFIXES.size())),
                    random.nextInt(4) == 0 ? (Long) (long) (995 + random.nextInt(20)) : null);
            List<Long> expected = walk(model, query, Integer.MAX_VALUE - 1);
            int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 200);
            assertThat(walk(store, query, limit)).as("%s, limit %d", query, limit).isEqualTo(expected);
            assertThat(store.query(query, 0, limit, true).total()).as("total of %s", query).isEqualTo(expected.size());
        }
        assertThat(walk(store, UserQuery.all(APP + 1), 10)).isEmpty();
    }

    @Test
    void a_rare_match_among_many_candidates_comes_in_short_pages_and_is_found() {
        int users = UserQueries.WINDOW * 2 + 500;
        Set<Long> rare = Set.of(7L, 9_999L, 10_001L, 17_000L, (long) users);
        for (long from = 1; from <= users; from += 1_000) {
            List<Profile> batch = new ArrayList<>();
            for (long id = from; id < from + 1_000 && id <= users; id++) {
                batch.add(user(id, rare.contains(id) ? "Rare" : "common", rare.contains(id)
                        ? List.of("all", "rare") : List.of("all"), 5, 1));
            }
            store.modify(APP, batch.stream().map(Profile::userId).toList(), current -> new Plan<>(null, batch, List.of()));
        }
        UserQuery both = UserQuery.of(APP, List.of("all", "rare"), true, null, null);
        UserPage first = store.query(both, 0, 100, true);
        assertThat(first.users()).extracting(Profile::userId).containsExactly(7L, 9_999L);
        assertThat(first.next()).as("read one window, then stop").isEqualTo(UserQueries.WINDOW);
        assertThat(first.total()).isEqualTo(5);
        assertThat(walk(store, both, 100)).containsExactlyElementsOf(new java.util.TreeSet<>(rare));
        assertThat(walk(store, UserQuery.of(APP, List.of("all"), true, "RARE", null), 3))
                .containsExactlyElementsOf(new java.util.TreeSet<>(rare));
        assertThat(walk(store, UserQuery.of(APP, List.of(), true, "rar", null), 2))
                .containsExactlyElementsOf(new java.util.TreeSet<>(rare));
        assertThat(walk(store, UserQuery.of(APP, List.of("rare", "none"), false, null, null), 2))
                .containsExactlyElementsOf(new java.util.TreeSet<>(rare));
        assertThat(store.query(UserQuery.of(APP, List.of(), true, null, 4L), 0, 10, true).total()).isEqualTo(users);
        // A prefix more than a window of users have is read in key order and filtered, a window per page.
        UserQuery broad = UserQuery.of(APP, List.of(), true, "COMMON", null);
        UserPage broadFirst = store.query(broad, 0, 100, true);
        assertThat(broadFirst.users()).hasSize(100).extracting(Profile::userId).doesNotContain(7L);
        assertThat(broadFirst.total()).isEqualTo(users - rare.size());
        assertThat(walk(store, broad, 1_000)).hasSize(users - rare.size()).doesNotContainAnyElementsOf(rare).isSorted();
    }

    @Test
    void a_walk_beside_writers_returns_every_user_present_throughout_exactly_once() throws Exception {
        // Users 2, 4, 6, ... are there throughout (their names change); odd ones come and go.
        List<Profile> stable = new ArrayList<>();
        for (long id = 2; id <= 3_000; id += 2) {
            stable.add(user(id, "Stable " + id, List.of("t", "s"), 1, 1));
        }
        for (int from = 0; from < stable.size(); from += 500) {
            List<Profile> batch = stable.subList(from, from + 500);
            store.modify(APP, batch.stream().map(Profile::userId).toList(), current -> new Plan<>(null, batch, List.of()));
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService writers = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int seed = w;
            running.add(writers.submit(() -> {
                Random random = new Random(seed);
                while (!stop.get()) {
                    long odd = 1 + 2L * random.nextInt(1_500);
                    long even = 2 + 2L * random.nextInt(1_500);
                    store.modify(APP, List.of(odd, even), current -> {
                        List<Profile> puts = new ArrayList<>();
                        List<Long> deletes = new ArrayList<>();
                        if (current.containsKey(odd)) {
                            deletes.add(odd);
                        } else {
                            puts.add(user(odd, "Stable odd", List.of("t", "s"), 1, 1));
                        }
                        Profile e = current.get(even);
                        puts.add(user(even, "stable " + random.nextInt(), e.tags(), 1, e.version() + 1));
                        return new Plan<>(null, puts, deletes);
                    });
                }
                return null;
            }));
        }
        try {
            List<UserQuery> queries = List.of(UserQuery.all(APP), UserQuery.of(APP, List.of("t"), true, null, null),
                    UserQuery.of(APP, List.of("t", "s"), true, null, null),
                    UserQuery.of(APP, List.of("t", "x"), false, null, null),
                    UserQuery.of(APP, List.of(), true, "STABLE", null),
                    UserQuery.of(APP, List.of("s"), true, "stable", null));
            for (UserQuery query : queries) {
                List<Long> seen = walk(store, query, 37);
                assertThat(new HashSet<>(seen)).as("no user twice in %s", query).hasSize(seen.size());
                assertThat(seen).as(query.toString()).containsAll(stable.stream().map(Profile::userId).toList());
            }
        } finally {
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
            writers.shutdown();
        }
    }
}
