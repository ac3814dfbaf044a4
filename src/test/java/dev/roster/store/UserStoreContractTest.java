package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.testing.TestDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every {@link UserStore} promises, run on the store the suite is set to (SQLite or PostgreSQL):
 * read-back, atomic plans, and no lost update between two pools on the same database, as two nodes
 * would have.
 */
@Tag("behaviour")
class UserStoreContractTest {
    @RegisterExtension
    final TestDatabase db = new TestDatabase();
    private UserStore store;

    @BeforeEach
    void open() {
        store = db.database().userStore();
    }

    private static Profile profile(long userId, String nickName, long version, Map<String, String> ext) {
        return new Profile(1, userId, nickName, "p", List.of("b", "a"), ext, true, 10, 20, version);
    }

    private void put(Profile... profiles) {
        store.modify(1, java.util.Arrays.stream(profiles).map(Profile::userId).toList(),
                current -> new Plan<>(null, List.of(profiles), List.of()));
    }

    @Test
    void a_profile_reads_back_field_for_field_including_unicode_and_order() {
        Map<String, String> ext = new LinkedHashMap<>();
        ext.put("z", "1");
        ext.put("é", "中文 😀");
        ext.put("a", "");
        put(profile(5, "Zoë 😀", 1, ext));
        Profile read = store.find(1, List.of(5L, 6L)).get(5L);
        assertThat(read).isEqualTo(profile(5, "Zoë 😀", 1, ext));
        assertThat(read.ext().keySet()).containsExactly("z", "é", "a");
        assertThat(store.find(2, List.of(5L))).isEmpty();
    }

    @Test
    void list_returns_an_app_in_user_id_order_from_a_starting_point() {
        put(profile(30, "c", 1, Map.of()), profile(10, "a", 1, Map.of()), profile(20, "b", 1, Map.of()));
        assertThat(store.list(1, 0, 10)).extracting(Profile::userId).containsExactly(10L, 20L, 30L);
        assertThat(store.list(1, 10, 1)).extracting(Profile::userId).containsExactly(20L);
        assertThat(store.list(2, 0, 10)).isEmpty();
    }

    @Test
    void the_largest_ids_fit() {
        Profile big = new Profile(Integer.MAX_VALUE, Long.MAX_VALUE, "n", "", List.of(), Map.of(), false, 1, 1, 1);
        store.modify(Integer.MAX_VALUE, List.of(Long.MAX_VALUE), current -> new Plan<>(null, List.of(big), List.of()));
        assertThat(store.find(Integer.MAX_VALUE, List.of(Long.MAX_VALUE))).containsValue(big);
    }

    @Test
    void deletes_remove_rows_and_a_failing_mutation_writes_nothing() {
        put(profile(5, "five", 1, Map.of()), profile(6, "six", 1, Map.of()));
        store.modify(1, List.of(5L), current -> new Plan<>(null, List.of(), List.of(5L)));
        assertThat(store.find(1, List.of(5L, 6L))).containsOnlyKeys(6L);
        assertThatThrownBy(() -> store.modify(1, List.of(6L), current -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.find(1, List.of(6L)).get(6L).nickName()).isEqualTo("six");
    }

    @Test
    void two_pools_merging_ext_keys_into_the_same_user_lose_none() throws Exception {
        put(profile(9, "shared", 1, Map.of()));
        try (Database second = db.openAgain()) {
            List<UserStore> nodes = List.of(store, second.userStore());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                UserStore node = nodes.get(i % 2);
                String key = "k" + i;
                writes.add(pool.submit(() -> node.modify(1, List.of(9L), current -> {
                    Profile p = current.get(9L);
                    Map<String, String> ext = new LinkedHashMap<>(p.ext());
                    ext.put(key, "v");
                    return new Plan<>(null, List.of(new Profile(1, 9, p.nickName(), p.portrait(), p.tags(), ext,
                            p.isRobot(), p.createTime(), p.modifyTime(), p.version() + 1)), List.of());
                })));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            pool.shutdown();
        }
        Profile merged = store.find(1, List.of(9L)).get(9L);
        assertThat(merged.ext()).hasSize(16);
        assertThat(merged.version()).isEqualTo(17);
    }
}
