package dev.roster.process;

import static dev.roster.testing.BroadcastCalls.awaitReady;
import static dev.roster.testing.BroadcastCalls.ok;
import static dev.roster.testing.BroadcastCalls.recipients;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.store.SqliteDatabase;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audience of a broadcast survives SIGKILL of the packaged server while it is being built: after a
 * restart it is finished from the last recorded batch, and holds exactly the users that matched when the
 * broadcast was sent (not half a list, nobody twice), though tags were changed after it and before the kill.
 */
class BroadcastKillIT {
    private static final int APP = 1;
    private static final int USERS = 100_000;
    private static final int MAX_CYCLES = 8;

    @TempDir
    Path dir;

    @Test
    void an_audience_interrupted_by_kill_minus_nine_is_finished_exactly_after_the_restart() throws Exception {
        Path seed = dir.resolve("seed.ndjson");
        List<String> lines = new ArrayList<>(USERS);
        for (int id = 1; id <= USERS; id++) {
            lines.add("{\"AppId\":" + APP + ",\"UserId\":" + id + ",\"Tags\":" + tags(id) + "}");
        }
        Files.write(seed, lines);
        Path data = dir.resolve("data");
        Random random = new Random();
        Map<String, TreeSet<Long>> expected = new LinkedHashMap<>(); // by RequestId
        int interrupted = 0;
        Map<String, String> env = Map.of("ROSTER_SEED", seed.toString());
        for (int cycle = 0; cycle < MAX_CYCLES && (interrupted == 0 || cycle < 3); cycle++) {
            try (RosterProcess roster = RosterProcess.start(data, env)) {
                env = Map.of();
                // Any of x (multiples of 3) or y (of 5), as the tags stand at the broadcast; this cycle's changes
                // come after it: users 3*k lose x, users 1..20 gain it.
                int shift = cycle * 20;
                ApiResponse sent = ok(roster.client().call("UserBroadcast", "{\"AppId\":" + APP
                        + ",\"Sender\":1,\"MsgTTL\":3600,\"MsgType\":1,\"Content\":\"c" + cycle
                        + "\",\"Tags\":[\"x\",\"y\"]}"));
                expected.put(sent.metadata().path("RequestId").asText(), audienceBefore(cycle));
                List<Long> losers = new ArrayList<>();
                for (long id = 3 + shift * 3L; losers.size() < 10; id += 3) {
                    losers.add(id);
                }
                ok(roster.client().call("BatchUpdateUserTags", "{\"AppId\":" + APP + ",\"UserIds\":" + losers
                        + ",\"Tags\":[\"x\"],\"Op\":1}"));
                ok(roster.client().call("BatchUpdateUserTags", "{\"AppId\":" + APP + ",\"UserIds\":["
                        + (1 + shift) + "," + (2 + shift) + "],\"Tags\":[\"x\"]}"));
                Thread.sleep(20 + random.nextInt(300));
                roster.kill();
            }
            if (midBuild(data)) {
                interrupted++;
            }
        }
        assertThat(interrupted).as("kills that stopped an audience half built").isPositive();

        try (RosterProcess roster = RosterProcess.start(data, Map.of())) {
            for (Map.Entry<String, TreeSet<Long>> e : expected.entrySet()) {
                JsonNode b = awaitReady(roster.client(), APP, e.getKey());
                List<Long> got = recipients(roster.client(), APP, b.path("BroadcastId").asText(), 10_000);
                assertThat(b.path("AudienceSize").asLong()).isEqualTo(e.getValue().size());
                assertThat(got).as(b.path("Content").asText()).hasSize(e.getValue().size())
                        .containsExactlyElementsOf(e.getValue());
            }
        }
        System.out.printf("broadcast kill test: %d broadcasts, %d killed half built%n", expected.size(), interrupted);
    }

    private static String tags(long id) {
        List<String> tags = new ArrayList<>();
        if (id % 3 == 0) {
            tags.add("\"x\"");
        }
        if (id % 5 == 0) {
            tags.add("\"y\"");
        }
        tags.add("\"u" + (id % 7) + "\"");
        return tags.toString().replace(" ", "");
    }

    /** The audience of the broadcast of {@code cycle}: the seed, changed by the cycles before it. */
    private static TreeSet<Long> audienceBefore(int cycle) {
        TreeSet<Long> audience = new TreeSet<>();
        for (long id = 1; id <= USERS; id++) {
            if (id % 3 == 0 || id % 5 == 0) {
                audience.add(id);
            }
        }
        for (int c = 0; c < cycle; c++) {
            int shift = c * 20;
            int lost = 0;
            for (long id = 3 + shift * 3L; lost < 10; id += 3, lost++) {
                if (id % 5 != 0) {
                    audience.remove(id);
                }
            }
            audience.add(1L + shift);
            audience.add(2L + shift);
        }
        return audience;
    }

    /** True when the store holds a broadcast whose audience is partly recorded. */
    private static boolean midBuild(Path data) throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(SqliteDatabase.FILE_NAME));
                ResultSet rows = db.createStatement().executeQuery(
                        "SELECT count(*) FROM broadcasts WHERE status = 'pending' AND cursor > 0")) {
            return rows.next() && rows.getInt(1) > 0;
        }
    }
}
