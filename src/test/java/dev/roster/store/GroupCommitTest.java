package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.testing.Eventually;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit of the embedded store: writes share transactions, fail alone, and are answered after commit. */
class GroupCommitTest {
    @TempDir
    Path dir;

    private SqliteDatabase database;
    private JdbcUserStore store;
    private GroupCommit groups;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeEach
    void open() {
        database = SqliteDatabase.open(dir.resolve("data"), 2);
        store = (JdbcUserStore) database.userStore();
        groups = store.groupCommit();
    }

    @AfterEach
    void close() throws Exception {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        database.close();
    }

    @Test
    void a_write_that_fails_inside_a_shared_group_is_undone_alone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = holdTheWriter(release);
        Future<String> first = submit(connection -> insertThen(connection, 1, "first"));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(groups.queued()).isEqualTo(1));
        Future<String> failing = submit(connection -> {
            insert(connection, 2);
            throw new IllegalStateException("planned failure after a write");
        });
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(groups.queued()).isEqualTo(2));
        Future<String> last = submit(connection -> insertThen(connection, 3, "last"));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(groups.queued()).isEqualTo(3));
        long commitsBefore = groups.commits();

        release.countDown();

        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo("last");
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("planned failure after a write");
        assertThat(store.find(1, List.of(1L, 2L, 3L))).containsOnlyKeys(1L, 3L);
        assertThat(groups.commits() - commitsBefore).as("the held write's group, then one for the other three")
                .isEqualTo(2);
    }

    @Test
    void a_write_that_lost_a_race_is_undone_and_run_again() {
        AtomicInteger tries = new AtomicInteger();
        String result = groups.run(connection -> {
            insert(connection, 10 + tries.incrementAndGet());
            return new Transactions.Attempt<>(tries.get() == 3, "try " + tries.get());
        });
        assertThat(result).isEqualTo("try 3");
        assertThat(store.find(1, List.of(11L, 12L, 13L))).containsOnlyKeys(13L);
    }

    @Test
    void a_failure_of_the_database_fails_and_rolls_back_the_whole_group() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = holdTheWriter(release);
        Future<String> good = submit(connection -> insertThen(connection, 20, "good"));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(groups.queued()).isEqualTo(1));
        Future<String> broken = submit(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO no_such_table VALUES (1)")) {
                statement.executeUpdate();
            }
            return written("unreachable");
        });
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(groups.queued()).isEqualTo(2));

        release.countDown();

        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        for (Future<String> member : List.of(good, broken)) {
            assertThatThrownBy(() -> member.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("no_such_table");
        }
        assertThat(store.find(1, List.of(20L))).isEmpty();
        String after = groups.run(connection -> insertThen(connection, 21, "after"));
        assertThat(after).as("the next group is not affected").isEqualTo("after");
    }

    @Test
    void a_caller_is_answered_once_its_write_is_committed() {
        groups.run(connection -> insertThen(connection, 30, "done"));
        // Readers use other connections, which see only committed data.
        assertThat(store.find(1, List.of(30L))).containsOnlyKeys(30L);
    }

    @Test
    void concurrent_writers_on_overlapping_users_lose_nothing_and_share_commits() throws Exception {
        int writers = 16;
        int rounds = 40;
        List<Long> users = List.of(1L, 2L, 3L, 4L, 5L);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            running.add(callers.submit(() -> {
                for (int round = 0; round < rounds; round++) {
                    // Each call touches three of the five users, overlapping the others' calls.
                    List<Long> touched = List.of(users.get((writer + round) % 5), users.get((writer + round + 1) % 5),
                            users.get((writer + round + 2) % 5));
                    store.modify(1, touched, current -> {
                        List<Profile> puts = new ArrayList<>();
                        for (long userId : touched) {
                            Profile before = current.get(userId);
                            long count = before == null ? 1 : Long.parseLong(before.nickName()) + 1;
                            puts.add(new Profile(1, userId, Long.toString(count), "", List.of(), Map.of(), false, 0,
                                    0, before == null ? 1 : before.version() + 1));
                        }
                        return new Plan<>(null, puts, List.of());
                    });
                }
                return null;
            }));
        }
        for (Future<?> writer : running) {
            writer.get(60, TimeUnit.SECONDS);
        }
        Map<Long, Profile> stored = store.find(1, users);
        long total = stored.values().stream().mapToLong(p -> Long.parseLong(p.nickName())).sum();
        assertThat(total).as("every increment of every call, none lost").isEqualTo((long) writers * rounds * 3);
        stored.values().forEach(p -> assertThat(p.version()).isEqualTo(Long.parseLong(p.nickName())));
        System.out.printf("group commit: %d writes in %d commits%n", groups.writes(), groups.commits());
        assertThat(groups.commits()).as("16 writers share transactions").isLessThan(groups.writes());
    }

    @Test
    void closing_commits_what_is_queued_and_then_refuses_writes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = holdTheWriter(release);
        Future<String> queued = submit(connection -> insertThen(connection, 40, "queued"));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(groups.queued()).isEqualTo(1));
        Future<?> closing = callers.submit(groups::close);
        release.countDown();
        closing.get(10, TimeUnit.SECONDS);
        assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("held");
        assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo("queued");
        assertThat(store.find(1, List.of(40L))).containsOnlyKeys(40L);
        assertThatThrownBy(() -> groups.run(connection -> written("late"))).isInstanceOf(StoreException.class)
                .hasMessage("the store is closed");
    }

    /** A write that keeps the writer busy until {@code release}, so that the next ones queue up into one group. */
    private Future<String> holdTheWriter(CountDownLatch release) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        Future<String> holder = submit(connection -> {
            started.countDown();
            await(release);
            return written("held");
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    private Future<String> submit(Transactions.Work<String> work) {
        return callers.submit(() -> groups.run(work));
    }

    private static Transactions.Attempt<String> written(String result) {
        return new Transactions.Attempt<>(true, result);
    }

    private static Transactions.Attempt<String> insertThen(Connection connection, long userId, String result)
            throws SQLException {
        insert(connection, userId);
        return written(result);
    }

    private static void insert(Connection connection, long userId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO users (app_id, user_id, create_time, modify_time, version) VALUES (1, ?, 0, 0, 1)")) {
            statement.setLong(1, userId);
            statement.executeUpdate();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
