package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.PostgresServer;
import dev.roster.testing.RosterProcess;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Kills the server with SIGKILL at random moments under a mixed write load, again and again, and checks
 * after every restart that each user's stored profile is its last acknowledged state, or the state of
 * the one request that was in flight at the kill: never older, never a mix of two requests, and a batch
 * in flight is all applied or not at all. Each client thread owns its users, so its model of them is
 * exact. A kill counts only if it cut off at least one write in flight (sent before the kill, never
 * answered); the test runs until -Droster.crash.kills such kills (8 by default, as CI runs it; see docs/reliability.md for the long mode) have happened, in at most
 * twice as many cycles, and fails if they do not. The seed is printed.
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Client threads, each with its own users; the group-commit case runs more, so that writes share commits. */
    private static final int THREADS = 4;
    private static final int GROUPED_THREADS = 16;
    private static final int USERS_PER_THREAD = 60;
    private static final int KILLS = Integer.getInteger("roster.crash.kills", 8);
    /** Kills may miss (all threads stopped by a 503 while PostgreSQL was down, say), but not half of them. */
    private static final int MAX_CYCLES = 2 * KILLS;
    private static final String RATE_LIMITS = "RegisterUsers=0,BatchUpdateUser=0,BatchUpdateUserTags=0,"
            + "UnRegisterUsers=0,BatchGetUser=0";

    /** A user as the model sees it; absent when not registered. Ext is compared as a map, Tags as a list. */
    record State(boolean registered, String nick, String portrait, List<String> tags, Map<String, String> ext,
            boolean robot) {
        static final State ABSENT = new State(false, "", "", List.of(), Map.of(), false);

        static State of(JsonNode user) {
            Map<String, String> ext = new HashMap<>();
            user.get("Ext").properties().forEach(e -> ext.put(e.getKey(), e.getValue().asText()));
            List<String> tags = new ArrayList<>();
            user.get("Tags").forEach(t -> tags.add(t.asText()));
            return new State(true, user.get("NickName").asText(), user.get("Portrait").asText(), tags, ext,
                    user.get("IsRobot").asBoolean());
        }
    }

    /**
     * One request a thread sent: its users' states before and after, as the model predicts them; when it
     * left, and whether its connection broke before an answer came.
     */
    static final class Attempt {
        private final Map<Long, State> before;
        private final Map<Long, State> after;
        volatile long sentAt = Long.MAX_VALUE;
        volatile boolean cutOff;

        Attempt(Map<Long, State> before, Map<Long, State> after) {
            this.before = before;
            this.after = after;
        }

        Map<Long, State> before() {
            return before;
        }

        Map<Long, State> after() {
            return after;
        }

        /** Sent before the kill and never answered: the kill interrupted it, wherever it was. */
        boolean interruptedBy(long killedAt) {
            return cutOff && sentAt < killedAt;
        }

        @Override
        public String toString() {
            return "Attempt[before=" + before + ", after=" + after + "]";
        }
    }

    /** The figures of one store's run. */
    static final class Tally {
        final AtomicLong acknowledged = new AtomicLong();
        long interrupted;
        long interruptedApplied;
        long unanswered;
        int cycles;
        int kills;
        int lost;
    }

    @Test
    void sqlite_keeps_every_acknowledged_write_through_repeated_kills() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-crash-");
        try {
            run("sqlite", dataDir, Map.of(), null, THREADS, 1);
        } finally {
            dev.roster.testing.RosterServerExtension.deleteTree(dataDir);
        }
    }

    /**
     * The embedded store commits the writes that queue up together in one transaction: with 16 clients a
     * kill counts only when it cut off at least 4 writes in flight at once, so that it fell on a shared
     * commit or on a group being formed; each of them must be applied whole or not at all, and every
     * write acknowledged before must be there.
     */
    @Test
    void sqlite_keeps_every_acknowledged_write_when_kills_cut_shared_commits() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-crash-");
        try {
            run("sqlite, 16 clients, group commit", dataDir, Map.of(), null, GROUPED_THREADS, 4);
        } finally {
            dev.roster.testing.RosterServerExtension.deleteTree(dataDir);
        }
    }

    @Test
    void postgresql_keeps_every_acknowledged_write_through_repeated_kills_and_its_own_crash() throws Exception {
        Path dataDir = Files.createTempDirectory("roster-crash-");
        try (PostgresServer postgres = PostgresServer.start()) {
            run("postgresql", dataDir, Map.of("ROSTER_DATABASE_URL", postgres.newDatabase(),
                    "ROSTER_DATABASE_USER", PostgresServer.USER), postgres, THREADS, 1);
        } finally {
            dev.roster.testing.RosterServerExtension.deleteTree(dataDir);
        }
    }

    /** Kills until {@link #KILLS} of them each cut off at least {@code minInFlight} writes, then checks the tally. */
    private void run(String store, Path dataDir, Map<String, String> storeEnv, PostgresServer postgres, int clients,
            int minInFlight) throws Exception {
        long seed = Long.getLong("roster.crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> env = new HashMap<>(storeEnv);
        env.put("ROSTER_RATE_LIMITS", RATE_LIMITS);
        Map<Long, State> acked = new HashMap<>();
        for (long id = 1; id <= (long) clients * USERS_PER_THREAD; id++) {
            acked.put(id, State.ABSENT);
        }
        Tally tally = new Tally();
        for (int cycle = 0; tally.kills < KILLS && cycle < MAX_CYCLES; cycle++) {
            tally.cycles++;
            List<Attempt> pending = new java.util.concurrent.CopyOnWriteArrayList<>();
            long killedAt;
            try (RosterProcess roster = RosterProcess.start(dataDir, env)) {
                ApiClient client = roster.client();
                if (cycle > 0) {
                    // what the last restart recovered is still there
                    verifyAndResync(client, acked, List.of(), Long.MIN_VALUE, tally);
                }
                AtomicBoolean running = new AtomicBoolean(true);
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> threads = new ArrayList<>();
                for (int t = 0; t < clients; t++) {
                    long first = (long) t * USERS_PER_THREAD + 1;
                    Random own = new Random(random.nextLong());
                    threads.add(pool.submit(() -> drive(client, own, first, acked, pending, running, tally)));
                }
                Thread.sleep(200 + random.nextInt(1000));
                if (postgres != null && cycle == KILLS / 2) {
                    postgres.crash(); // PostgreSQL itself goes down mid-run, under load, and comes back
                    Thread.sleep(300);
                    postgres.resume();
                    Thread.sleep(300);
                }
                killedAt = System.nanoTime();
                roster.kill();
                running.set(false);
                for (Future<?> thread : threads) {
                    thread.get(60, TimeUnit.SECONDS);
                }
                pool.shutdown();
            }
            if (pending.stream().filter(attempt -> attempt.interruptedBy(killedAt)).count() >= minInFlight) {
                tally.kills++;
            }
            try (RosterProcess roster = RosterProcess.start(dataDir, env)) {
                verifyAndResync(roster.client(), acked, pending, killedAt, tally);
            }
        }
        System.out.printf("crash test (%s, seed %d): %d kills interrupted %s in flight, in %d cycles;"
                        + " %d writes acknowledged, %d lost; %d writes interrupted by a kill, %d of them applied;"
                        + " %d requests unanswered in all%n", store, seed, tally.kills,
                minInFlight == 1 ? "writes" : "at least " + minInFlight + " writes", tally.cycles,
                tally.acknowledged.get(), tally.lost, tally.interrupted, tally.interruptedApplied, tally.unanswered);
        assertThat(tally.kills).as("kills that interrupted writes in flight, in %d cycles", tally.cycles)
                .isGreaterThanOrEqualTo(KILLS);
        assertThat(tally.interrupted).isGreaterThanOrEqualTo(tally.kills);
        assertThat(tally.lost).isZero();
    }

    /** One thread's load: random batches on its own users until the server goes away. */
    private static Void drive(ApiClient client, Random random, long firstUser, Map<Long, State> acked,
            List<Attempt> pending, AtomicBoolean running, Tally tally) {
        Map<Long, State> mine = new HashMap<>();
        synchronized (acked) {
            for (long id = firstUser; id < firstUser + USERS_PER_THREAD; id++) {
                mine.put(id, acked.get(id));
            }
        }
        while (running.get()) {
            List<Long> users = new ArrayList<>(new LinkedHashSet<>(random.ints(1 + random.nextInt(3), 0, USERS_PER_THREAD)
                    .mapToObj(i -> firstUser + i).toList()));
            Map<Long, State> before = new LinkedHashMap<>();
            users.forEach(id -> before.put(id, mine.get(id)));
            String[] request = new String[2];
            Map<Long, State> after = plan(random, before, request);
            Attempt attempt = new Attempt(before, after);
            pending.add(attempt);
            ApiResponse r;
            try {
                attempt.sentAt = System.nanoTime();
                r = client.call(request[0], request[1]);
            } catch (RuntimeException serverGone) {
                // Stays pending. Refused at connect, it never reached the server, so it was not in flight.
                attempt.cutOff = !causedBy(serverGone, ConnectException.class);
                return null;
            }
            if (r.status() != 200) {
                // 503 while the database is down: not applied, or (a commit whose answer was lost) applied.
                assertThat(r.errorCode()).as("%s", r).isEqualTo("ServiceUnavailableTemp");
                return null; // stays pending, as ambiguous as a kill
            }
            pending.remove(attempt);
            mine.putAll(after);
            synchronized (acked) {
                acked.putAll(after);
            }
            tally.acknowledged.incrementAndGet();
        }
        return null;
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A random request on {@code before}'s users and the states the model predicts after it. */
    private static Map<Long, State> plan(Random random, Map<Long, State> before, String[] request) {
        Map<Long, State> after = new LinkedHashMap<>();
        ObjectNode body = JSON.createObjectNode().put("AppId", 1);
        int kind = random.nextInt(4);
        if (kind == 0) {
            request[0] = "RegisterUsers";
            ArrayNode users = body.putArray("Users");
            before.keySet().forEach(id -> {
                String nick = random.nextBoolean() ? "n" + random.nextInt(1000) : "";
                List<String> tags = randomTags(random);
                Map<String, String> ext = randomExt(random);
                boolean robot = random.nextInt(5) == 0;
                ObjectNode user = users.addObject().put("UserId", id).put("NickName", nick).put("Portrait", "p" + id)
                        .put("IsRobot", robot);
                tags.forEach(user.putArray("Tags")::add);
                ObjectNode e = user.putObject("Ext");
                ext.forEach(e::put);
                Map<String, String> stored = new HashMap<>(ext);
                stored.values().removeIf(String::isEmpty);
                after.put(id, new State(true, nick, "p" + id, List.copyOf(new LinkedHashSet<>(tags)), stored, robot));
            });
        } else if (kind == 1) {
            request[0] = "BatchUpdateUser";
            ArrayNode users = body.putArray("Users");
            before.forEach((id, state) -> {
                ObjectNode user = users.addObject().put("UserId", id);
                String nick = random.nextBoolean() ? "u" + random.nextInt(1000) : "";
                user.put("NickName", nick);
                List<String> tags = random.nextBoolean() ? randomTags(random) : null;
                if (tags != null) {
                    tags.forEach(user.putArray("Tags")::add);
                }
                Map<String, String> ext = random.nextBoolean() ? randomExt(random) : null;
                if (ext != null) {
                    ObjectNode e = user.putObject("Ext");
                    ext.forEach(e::put);
                }
                if (!state.registered()) {
                    after.put(id, state); // UserNotFound
                    return;
                }
                Map<String, String> merged = new HashMap<>(state.ext());
                if (ext != null) {
                    ext.forEach((k, v) -> {
                        if (v.isEmpty()) {
                            merged.remove(k);
                        } else {
                            merged.put(k, v);
                        }
                    });
                }
                after.put(id, new State(true, nick.isEmpty() ? state.nick() : nick, state.portrait(),
                        tags == null ? state.tags() : List.copyOf(new LinkedHashSet<>(tags)), merged, state.robot()));
            });
        } else if (kind == 2) {
            request[0] = "BatchUpdateUserTags";
            boolean add = random.nextBoolean();
            List<String> tags = randomTags(random);
            body.put("Op", add ? 0 : 1);
            tags.forEach(body.putArray("Tags")::add);
            ArrayNode ids = body.putArray("UserIds");
            before.forEach((id, state) -> {
                ids.add(id);
                if (!state.registered()) {
                    after.put(id, state);
                    return;
                }
                LinkedHashSet<String> changed = new LinkedHashSet<>(state.tags());
                if (add) {
                    changed.addAll(tags);
                } else {
                    changed.removeAll(tags);
                }
                after.put(id, new State(true, state.nick(), state.portrait(), List.copyOf(changed), state.ext(),
                        state.robot()));
            });
        } else {
            request[0] = "UnRegisterUsers";
            ArrayNode ids = body.putArray("UserIds");
            before.keySet().forEach(id -> {
                ids.add(id);
                after.put(id, State.ABSENT);
            });
        }
        request[1] = body.toString();
        return after;
    }

    private static List<String> randomTags(Random random) {
        return random.ints(random.nextInt(5), 0, 20).mapToObj(i -> "t" + i).toList();
    }

    private static Map<String, String> randomExt(Random random) {
        Map<String, String> ext = new LinkedHashMap<>();
        random.ints(random.nextInt(4), 0, 10).forEach(i -> ext.put("k" + i, random.nextInt(4) == 0 ? "" : "v" + random.nextInt(100)));
        return ext;
    }

    /**
     * Every user must be in its acknowledged state, or in the predicted state of the request in flight on
     * it; a request in flight must be applied to all its users or to none. Then the model takes what is
     * stored as the new acknowledged state.
     */
    private static void verifyAndResync(ApiClient client, Map<Long, State> acked, List<Attempt> pending,
            long killedAt, Tally tally) {
        Map<Long, State> stored = readAll(client, acked.keySet());
        Map<Long, Attempt> inFlightOn = new HashMap<>();
        pending.forEach(a -> a.before().keySet().forEach(id -> inFlightOn.put(id, a)));
        for (Map.Entry<Long, State> user : acked.entrySet()) {
            State now = stored.get(user.getKey());
            Attempt attempt = inFlightOn.get(user.getKey());
            boolean ok = now.equals(user.getValue())
                    || (attempt != null && now.equals(attempt.after().get(user.getKey())));
            if (!ok) {
                tally.lost++;
                System.out.printf("user %d: stored %s, acknowledged %s, in flight %s%n", user.getKey(), now,
                        user.getValue(), attempt == null ? "-" : attempt.after().get(user.getKey()));
            }
        }
        for (Attempt attempt : pending) {
            tally.unanswered++;
            boolean allAfter = attempt.after().entrySet().stream().allMatch(e -> stored.get(e.getKey()).equals(e.getValue()));
            boolean allBefore = attempt.before().entrySet().stream()
                    .allMatch(e -> stored.get(e.getKey()).equals(e.getValue()));
            assertThat(allAfter || allBefore).as("a batch in flight was applied in part: %s, stored %s", attempt,
                    attempt.before().keySet().stream().collect(Collectors.toMap(id -> id, stored::get))).isTrue();
            if (attempt.interruptedBy(killedAt)) {
                tally.interrupted++;
                if (allAfter && !allBefore) {
                    tally.interruptedApplied++;
                }
            }
        }
        synchronized (acked) {
            acked.putAll(stored);
        }
    }

    private static Map<Long, State> readAll(ApiClient client, java.util.Set<Long> ids) {
        Map<Long, State> stored = new HashMap<>();
        List<Long> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 50) {
            List<Long> batch = all.subList(from, Math.min(from + 50, all.size()));
            JsonNode result = client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":["
                    + batch.stream().map(String::valueOf).collect(Collectors.joining(",")) + "]}").result();
            result.get("Users").forEach(u -> stored.put(u.get("UserId").asLong(), State.of(u)));
            result.get("NotFoundUsers").forEach(id -> stored.put(id.asLong(), State.ABSENT));
        }
        return stored;
    }
}
