package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An acknowledged write survives SIGKILL of the server right after (or during) the answer. */
class KillDurabilityIT {
    private static final int APP = 1;
    private static final int WRITERS = 4;

    @TempDir
    Path dataDir;

    @Test
    void every_acknowledged_registration_is_there_after_kill_minus_nine() throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong nextId = new AtomicLong(1);
        try (RosterProcess roster = RosterProcess.start(dataDir, Map.of())) {
            ApiClient client = roster.client();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                writers.submit(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long id = nextId.getAndIncrement();
                        try {
                            ApiResponse r = client.call("RegisterUsers", "{\"AppId\":" + APP
                                    + ",\"Users\":[{\"UserId\":" + id + ",\"NickName\":\"u" + id + "\"}]}");
                            if (r.status() == 200 && r.failedInfos() == null) {
                                acknowledged.add(id);
                            }
                        } catch (RuntimeException connectionLost) {
                            return;
                        }
                    }
                });
            }
            while (acknowledged.size() < 300) {
                Thread.sleep(10);
            }
            roster.kill(); // SIGKILL while the writers are still sending
            writers.shutdownNow();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        try (RosterProcess again = RosterProcess.start(dataDir, Map.of())) {
            List<Long> ids = new ArrayList<>(acknowledged);
            List<Long> missing = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += 50) {
                List<Long> batch = ids.subList(from, Math.min(from + 50, ids.size()));
                JsonNode result = again.client().call("BatchGetUser", "{\"AppId\":" + APP + ",\"UserIds\":["
                        + batch.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]}").result();
                result.get("NotFoundUsers").forEach(id -> missing.add(id.asLong()));
                result.get("Users").forEach(u ->
                        assertThat(u.get("NickName").asText()).isEqualTo("u" + u.get("UserId").asLong()));
            }
            System.out.printf("kill -9 durability: %d writes acknowledged, %d lost%n", ids.size(), missing.size());
            assertThat(missing).as("acknowledged but lost").isEmpty();
        }
    }
}
