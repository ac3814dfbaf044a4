package dev.roster.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.store.Cause;
import dev.roster.store.Database;
import dev.roster.testing.TestDatabase;
import dev.roster.testing.TestStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several writers race to change one user, each naming the Version it read: exactly one wins each
 * round, the others get {@code VersionConflict}, and the version moves by one per round. On the store
 * the suite is set to, through two services on two pools (as two nodes would be on PostgreSQL).
 */
@Tag("behaviour")
class IfVersionRaceTest {
    private static final int WRITERS = 6;
    private static final int ROUNDS = 40;

    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    @Test
    void exactly_one_writer_wins_each_version() throws Exception {
        Database first = db.database();
        Database second = TestStores.postgresql() ? db.openAgain() : first;
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            UserService[] services = {new UserService(first.userStore(), Limits.DEFAULTS, Clock.systemUTC()),
                new UserService(second.userStore(), Limits.DEFAULTS, Clock.systemUTC())};
            assertThat(services[0].register(1, List.of(Entry.of(1L, new NewProfile("start", "", List.of(), java.util.Map.of(),
                    false), 0L)), Cause.NONE)).isEmpty();
            CyclicBarrier barrier = new CyclicBarrier(WRITERS);
            for (int round = 0; round < ROUNDS; round++) {
                long version = services[0].get(1, List.of(1L)).found().get(0).version();
                assertThat(version).isEqualTo(round + 1);
                List<Future<List<UserFailure>>> results = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    UserService service = services[w % 2];
                    String nick = "round " + round + " writer " + w;
                    results.add(pool.submit(() -> {
                        barrier.await();
                        return service.update(1, List.of(Entry.of(1L, new ProfilePatch(nick, null, null, null), version)),
                                Cause.NONE);
                    }));
                }
                int wins = 0;
                for (Future<List<UserFailure>> result : results) {
                    List<UserFailure> failures = result.get();
                    if (failures.isEmpty()) {
                        wins++;
                    } else {
                        assertThat(failures).extracting(UserFailure::code).containsExactly(FailureCode.VERSION_CONFLICT);
                    }
                }
                assertThat(wins).as("round %d", round).isEqualTo(1);
            }
            assertThat(services[1].get(1, List.of(1L)).found().get(0).version()).isEqualTo(ROUNDS + 1);
        } finally {
            pool.shutdownNow();
            if (second != first) {
                second.close();
            }
        }
    }
}
