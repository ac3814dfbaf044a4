package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.store.EventStore.Retry;
import dev.roster.store.EventStore.UserKey;
import dev.roster.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every {@link EventStore} promises, on the store the suite is set to (SQLite or PostgreSQL): an
 * event with each change and none without one, Sequence numbers in commit order that a reader paging
 * alongside concurrent writers (two pools, as two nodes) never skips, leases, retries, pruning.
 */
@Tag("behaviour")
class EventStoreContractTest {
    private static final Cause CAUSE = new Cause("Test", "req-1");
    @RegisterExtension
    final TestDatabase db = new TestDatabase();
    private UserStore users;
    private EventStore events;

    @BeforeEach
    void open() {
        users = db.database().userStore();
        events = db.database().eventStore();
    }

    private static Profile profile(long userId, String nickName, long version) {
        return new Profile(1, userId, nickName, "", List.of(), Map.of(), false, 10, 20 + version, version);
    }

    /** Registers or updates user {@code userId} of app 1 to {@code nickName}, through {@code store}. */
    private static void put(UserStore store, long userId, String nickName) {
        store.modify(1, List.of(userId), current -> {
            Profile before = current.get(userId);
            return new Plan<>(null, List.of(profile(userId, nickName, before == null ? 1 : before.version() + 1)),
                    List.of(), CAUSE, 1_000);
        });
    }

    private List<StoredEvent> all() {
        return events.page(1, 0, 1_000);
    }

    @Test
    void each_put_and_delete_appends_its_event_in_the_same_transaction() {
        put(users, 1, "a");
        put(users, 1, "b");
        users.modify(1, List.of(1L), current -> new Plan<>(null, List.of(), List.of(1L), CAUSE, 2_000));
        List<StoredEvent> found = all();
        assertThat(found).extracting(StoredEvent::type).containsExactly("user.registered", "user.updated",
                "user.unregistered");
        assertThat(found.get(0).before()).isNull();
        assertThat(found.get(0).after()).contains("\"NickName\":\"a\"");
        assertThat(found.get(1).before()).isEqualTo(found.get(0).after());
        assertThat(found.get(2).after()).isNull();
        assertThat(found.get(2).time()).isEqualTo(2_000);
        assertThat(found).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo("Test");
            assertThat(e.requestId()).isEqualTo("req-1");
        });
        assertThat(found).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
        // The latest ones, newest first: for ListUserEvents {Newest: true} and `roster events list`.
        assertThat(events.recent(1, false, 2)).extracting(StoredEvent::seq)
                .containsExactly(found.get(2).seq(), found.get(1).seq());
        assertThat(events.recent(2, false, 2)).isEmpty();
    }

    @Test
    void an_empty_plan_or_a_failed_one_leaves_no_event() {
        users.modify(1, List.of(1L), current -> new Plan<>(null, List.of(), List.of(), CAUSE, 1));
        assertThatThrownBy(() -> users.modify(1, List.of(2L), current -> {
            throw new IllegalStateException("refused");
        })).isInstanceOf(IllegalStateException.class);
        // A plan that deletes a user who is not there is undone whole, event included.
        assertThatThrownBy(() -> users.modify(1, List.of(3L),
                current -> new Plan<>(null, List.of(profile(4, "x", 1)), List.of(3L), CAUSE, 1)))
                .isInstanceOf(StoreException.class);
        assertThat(all()).isEmpty();
        assertThat(users.find(1, List.of(4L))).isEmpty();
    }

    @Test
    void a_reader_paging_beside_concurrent_writers_on_two_nodes_sees_every_event_once_in_commit_order()
            throws Exception {
        int writers = 6;
        int writesEach = 40;
        try (Database second = db.openAgain()) {
            List<UserStore> nodes = List.of(users, second.userStore());
            ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
            AtomicBoolean done = new AtomicBoolean();
            Future<List<StoredEvent>> reader = pool.submit(() -> {
                List<StoredEvent> seen = new ArrayList<>();
                long after = 0;
                while (true) {
                    boolean last = done.get();
                    List<StoredEvent> page = events.page(1, after, 7);
                    seen.addAll(page);
                    if (!page.isEmpty()) {
                        after = page.get(page.size() - 1).seq();
                    } else if (last) {
                        return seen;
                    }
                }
            });
            List<Future<?>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writes.add(pool.submit(() -> {
                    for (int i = 1; i <= writesEach; i++) {
                        // Two users per writer, shared with the next writer: rows contended across nodes.
                        long user = (writer + i % 2) % writers + 1;
                        put(nodes.get(writer % 2), user, "w" + writer + "-" + i);
                    }
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get(2, TimeUnit.MINUTES);
            }
            done.set(true);
            List<StoredEvent> seen = reader.get(2, TimeUnit.MINUTES);
            pool.shutdown();

            assertThat(seen).hasSize(writers * writesEach);
            assertThat(seen).extracting(StoredEvent::seq).isSorted().doesNotHaveDuplicates();
            assertThat(seen).extracting(StoredEvent::eventId).doesNotHaveDuplicates();
            // Per user, each event's Before is the previous event's After: commit order per user.
            Map<Long, String> lastAfter = new HashMap<>();
            for (StoredEvent e : seen) {
                assertThat(e.before()).as("event %d of user %d", e.seq(), e.userId()).isEqualTo(lastAfter.get(e.userId()));
                lastAfter.put(e.userId(), e.after());
            }
        }
    }

    @Test
    void a_lease_is_one_nodes_until_it_ends_and_a_lost_lease_records_nothing() {
        events.addSink("s");
        events.addSink("s"); // nothing happens the second time
        assertThat(events.lease("s", "a", 1_000, 2_000)).isTrue();
        assertThat(events.lease("s", "b", 1_500, 2_500)).isFalse();
        assertThat(events.lease("s", "a", 1_500, 2_500)).isTrue(); // renewed
        assertThat(events.lease("s", "b", 2_600, 3_600)).isTrue(); // a's ended
        Retry retry = new Retry("s", 1, 1, 1, 1, 0, false, "HTTP 500");
        assertThat(events.record("s", "a", 2_700, 5, List.of(retry), List.of())).isFalse();
        assertThat(events.sinkPositions()).containsEntry("s", 0L);
        assertThat(events.waitingUsers("s")).isEmpty();
        assertThat(events.record("s", "b", 2_700, 5, List.of(retry), List.of())).isTrue();
        assertThat(events.sinkPositions()).containsEntry("s", 5L);
        // A round planned from an older position (a node that lost the lease and got it back) is refused.
        assertThat(events.record("s", "b", 2_700, 3, List.of(), List.of())).isFalse();
        assertThat(events.sinkPositions()).containsEntry("s", 5L);
        events.release("s", "b");
        assertThat(events.lease("s", "a", 2_800, 3_800)).isTrue();
    }

    @Test
    void a_new_sink_starts_after_the_newest_event() {
        put(users, 1, "a");
        put(users, 2, "b");
        events.addSink("late");
        assertThat(events.sinkPositions().get("late")).isEqualTo(all().get(1).seq());
    }

    @Test
    void due_retries_are_each_users_oldest_waiting_event_and_failed_ones_wait_no_more() {
        for (int i = 0; i < 3; i++) {
            put(users, 1, "one-" + i);
        }
        put(users, 2, "two");
        List<StoredEvent> e = all();
        events.addSink("s");
        assertThat(events.lease("s", "n", 0, Long.MAX_VALUE)).isTrue();
        events.record("s", "n", 0, e.get(3).seq(), List.of(
                new Retry("s", e.get(0).seq(), 1, 1, 1, 100, false, "HTTP 500"),
                new Retry("s", e.get(1).seq(), 1, 1, 0, 0, false, "queued"),
                new Retry("s", e.get(3).seq(), 1, 2, 2, 500, false, "HTTP 503")), List.of());
        assertThat(events.waitingUsers("s")).containsExactlyInAnyOrder(new UserKey(1, 1), new UserKey(1, 2));
        assertThat(events.dueRetries("s", 99, 10)).isEmpty(); // user 1's head is not due; its next waits behind it
        assertThat(events.dueRetries("s", 100, 10)).extracting(d -> d.event().seq()).containsExactly(e.get(0).seq());
        assertThat(events.dueRetries("s", 1_000, 10)).extracting(d -> d.event().seq())
                .containsExactly(e.get(0).seq(), e.get(3).seq());

        // The head fails for good: the next event of user 1 becomes its head.
        events.record("s", "n", 0, -1, List.of(new Retry("s", e.get(0).seq(), 1, 1, 20, 0, true, "HTTP 500")),
                List.of(e.get(3).seq()));
        assertThat(events.dueRetries("s", 1_000, 10)).extracting(d -> d.event().seq()).containsExactly(e.get(1).seq());
        assertThat(events.stats("s")).isEqualTo(new EventStore.SinkStats(1, 1, e.get(1).time()));
        assertThat(events.recent(null, true, 10)).extracting(StoredEvent::seq).containsExactly(e.get(0).seq());

        assertThat(events.redeliverFailed(2_000)).isEqualTo(1);
        assertThat(events.dueRetries("s", 2_000, 10)).extracting(d -> d.attempts()).containsExactly(0);
        assertThat(events.redeliver(e.get(2).eventId(), 3_000)).contains(1);
        assertThat(events.redeliver("evt_none", 3_000)).isEmpty();
        assertThat(events.retriesOf(List.of(e.get(2).seq()))).singleElement()
                .satisfies(r -> assertThat(r.failed()).isFalse());
    }

    @Test
    void pruning_deletes_only_events_older_than_the_cutoff_a_batch_at_a_time_with_their_retries() {
        for (int i = 0; i < 5; i++) {
            long time = i < 3 ? 100 : 10_000;
            long user = 50 + i;
            users.modify(1, List.of(user), current -> new Plan<>(null, List.of(profile(user, "p", 1)), List.of(),
                    CAUSE, time));
        }
        List<StoredEvent> e = all();
        events.addSink("s");
        events.lease("s", "n", 0, Long.MAX_VALUE);
        events.record("s", "n", 0, -1, List.of(new Retry("s", e.get(0).seq(), 1, 50, 1, 0, true, "x")), List.of());
        assertThat(events.prune(5_000, 2)).isEqualTo(2);
        assertThat(events.prune(5_000, 2)).isEqualTo(1);
        assertThat(events.prune(5_000, 2)).isZero();
        assertThat(all()).extracting(StoredEvent::time).containsExactly(10_000L, 10_000L);
        assertThat(events.retriesOf(List.of(e.get(0).seq()))).isEmpty();
        put(users, 99, "after pruning");
        Set<Long> seqs = new HashSet<>(all().stream().map(StoredEvent::seq).toList());
        assertThat(seqs).hasSize(3).allMatch(seq -> seq > e.get(4).seq()
                || seq == e.get(3).seq() || seq == e.get(4).seq());
    }
}
