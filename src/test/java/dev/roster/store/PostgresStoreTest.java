package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.PostgresServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only the PostgreSQL store does: races between nodes that row locks cannot prevent. */
class PostgresStoreTest {
    private PostgresDatabase first;
    private PostgresDatabase second;

    @BeforeEach
    void open() {
        String url = PostgresServer.shared().newDatabase();
        first = PostgresDatabase.open(url, PostgresServer.USER, null, 4);
        second = PostgresDatabase.open(url, PostgresServer.USER, null, 4);
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    private static Profile profile(long userId, String nickName) {
        return new Profile(1, userId, nickName, "", List.of(), Map.of(), false, 1, 1, 1);
    }

    @Test
    void a_user_registered_by_another_node_meanwhile_makes_the_plan_run_again_on_fresh_data() {
        AtomicInteger attempts = new AtomicInteger();
        String result = first.userStore().modify(1, List.of(4L), current -> {
            if (attempts.incrementAndGet() == 1) {
                assertThat(current).isEmpty();
                // Another node registers user 4 between this read and this write.
                second.userStore().modify(1, List.of(4L),
                        c -> new Plan<>(null, List.of(profile(4, "other node")), List.of()));
                return new Plan<>("first", List.of(profile(4, "this node")), List.of());
            }
            assertThat(current.get(4L).nickName()).isEqualTo("other node");
            return new Plan<>("second", List.of(), List.of());
        });
        assertThat(attempts).hasValue(2);
        assertThat(result).isEqualTo("second");
        assertThat(first.userStore().find(1, List.of(4L)).get(4L).nickName()).isEqualTo("other node");
    }

    @Test
    void keys_created_through_one_node_are_seen_by_the_other_at_once() {
        first.keyStore().create(new AccessKey("AKLTshared", "plain:secret-value", null, true, false, 5));
        assertThat(second.keyStore().find("AKLTshared")).hasValueSatisfying(k -> assertThat(k.allApps()).isTrue());
        second.keyStore().setEnabled("AKLTshared", false);
        assertThat(first.keyStore().find("AKLTshared").orElseThrow().enabled()).isFalse();
    }

    @Test
    void the_url_shown_in_the_log_carries_no_query_string() {
        assertThat(PostgresDatabase.withoutSecrets("jdbc:postgresql://h:5432/db?password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://h:5432/db");
    }
}
