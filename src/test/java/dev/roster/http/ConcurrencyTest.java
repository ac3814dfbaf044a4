package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads writing the same users at once through BatchUpdateUser and BatchUpdateUserTags, while
 * others read: no Ext key or tag change is lost, and no reader ever sees half of a write.
 */
@Tag("behaviour")
class ConcurrencyTest {
    private static final int WRITERS = 8;
    private static final int ROUNDS = 12; // 8 writers x 12 rounds = 96 tags, under the limit of 100
    private static final List<Long> USERS = List.of(1L, 2L, 3L);

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(
            config -> config.rateLimits(new RateLimits(0, Map.of())));

    @Test
    void concurrent_writers_lose_nothing_and_readers_see_whole_profiles() throws Exception {
        ApiClient client = SERVER.client();
        assertThat(client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}")
                .status()).isEqualTo(200);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        List<String> torn = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        List<Future<?>> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(pool.submit(() -> {
                while (writing.get()) {
                    JsonNode users = client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1,2,3]}").result().get("Users");
                    reads.incrementAndGet();
                    for (JsonNode user : users) {
                        // Every write sets a<w> and b<w> to the same value in one request: a reader that sees
                        // them differ has seen half of a write.
                        JsonNode ext = user.get("Ext");
                        for (int w = 0; w < WRITERS; w++) {
                            JsonNode a = ext.get("a" + w);
                            JsonNode b = ext.get("b" + w);
                            if (a == null ? b != null : !a.equals(b)) {
                                torn.add(user.toString());
                            }
                        }
                    }
                }
                return null;
            }));
        }
        List<Callable<Void>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(() -> {
                for (int round = 0; round < ROUNDS; round++) {
                    String value = writer + "-" + round;
                    String users = USERS.stream().map(id -> "{\"UserId\":" + id + ",\"Ext\":{\"a" + writer + "\":\""
                            + value + "\",\"b" + writer + "\":\"" + value + "\"}}").collect(Collectors.joining(","));
                    assertOk(client.call("BatchUpdateUser", "{\"AppId\":1,\"Users\":[" + users + "]}"));
                    assertOk(client.call("BatchUpdateUserTags", "{\"AppId\":1,\"UserIds\":[3,1,2],\"Tags\":[\"w"
                            + writer + "r" + round + "\"]}"));
                }
                return null;
            });
        }
        for (Future<Void> done : pool.invokeAll(writers)) {
            done.get();
        }
        writing.set(false);
        for (Future<?> reader : readers) {
            reader.get();
        }
        pool.shutdown();

        assertThat(torn).as("readers saw half a write").isEmpty();
        assertThat(reads.get()).isPositive();
        Set<String> expectedTags = IntStream.range(0, WRITERS).boxed()
                .flatMap(w -> IntStream.range(0, ROUNDS).mapToObj(r -> "w" + w + "r" + r)).collect(Collectors.toSet());
        for (JsonNode user : client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1,2,3]}").result().get("Users")) {
            JsonNode ext = user.get("Ext");
            assertThat(ext.size()).isEqualTo(2 * WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                assertThat(ext.get("a" + w).asText()).isEqualTo(w + "-" + (ROUNDS - 1));
                assertThat(ext.get("b" + w).asText()).isEqualTo(w + "-" + (ROUNDS - 1));
            }
            Set<String> tags = new HashSet<>();
            user.get("Tags").forEach(t -> tags.add(t.asText()));
            assertThat(tags).hasSize(WRITERS * ROUNDS).isEqualTo(expectedTags);
        }
    }

    private static void assertOk(ApiResponse r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.failedInfos()).as("%s", r).isNull();
    }
}
