package dev.roster.bench;

import dev.roster.store.Cause;
import dev.roster.store.Database;
import dev.roster.users.Entry;
import dev.roster.users.Limits;
import dev.roster.users.NewProfile;
import dev.roster.users.ProfilePatch;
import dev.roster.users.UserFailure;
import dev.roster.users.UserService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store floor of {@code bench compare}: the same updates as the HTTP run — users 1..N, a block of
 * {@code usersPerRequest} per call, a new NickName each time — straight through {@link UserService#update}
 * on a database opened as the server opens it (same durability), by as many threads as the HTTP run has
 * connections, with no HTTP, JSON or signature in the way.
 */
final class StoreFloor {
    private static final int REGISTER_BATCH = Limits.DEFAULTS.registerUsers();

    private StoreFloor() {}

    /** Registers the users, then updates them for the warm-up and the measured window; CPU is this process's. */
    static Report run(Database database, int app, Comparison.Settings settings) throws Exception {
        UserService users = new UserService(database.userStore(), Limits.DEFAULTS, Clock.systemUTC());
        register(users, app, settings.registeredUsers());
        NickNames nickNames = NickNames.fresh();
        int blocks = Workload.blocksPerSlot(settings.registeredUsers() / settings.usersPerRequest(), 1, 1);
        AtomicLong turn = new AtomicLong();
        Tally tally = new Tally();
        long start = System.nanoTime();
        Window window = new Window(start, start + settings.warmup().toNanos(),
                start + settings.warmup().toNanos() + settings.duration().toNanos());
        ExecutorService threads = Executors.newFixedThreadPool(settings.connections());
        long cpuBefore;
        try {
            List<Future<?>> lanes = new ArrayList<>();
            for (int lane = 0; lane < settings.connections(); lane++) {
                lanes.add(threads.submit(() -> {
                    long sentAt;
                    while ((sentAt = System.nanoTime()) - window.end() < 0) {
                        long i = turn.getAndIncrement();
                        Answer answer = update(users, app, patches(i, blocks, settings.usersPerRequest(), nickNames));
                        long now = System.nanoTime();
                        if (window.measures(sentAt)) {
                            tally.record(BenchAction.UPDATE, now - sentAt, answer, now);
                        }
                    }
                }));
            }
            Thread.sleep(settings.warmup().toMillis());
            cpuBefore = ProcessCpu.selfNanos();
            for (Future<?> lane : lanes) {
                lane.get();
            }
        } finally {
            threads.shutdownNow();
        }
        long cpuUsed = ProcessCpu.selfNanos() - cpuBefore;
        String description = "store floor: UserService.update in this process, " + settings.connections()
                + " threads, " + database.describe();
        return Report.of(description, tally, tally.lastCompletion(window.end()) - window.measureFrom(),
                new Report.CpuUse(cpuUsed, null));
    }

    private static Answer update(UserService users, int app, List<Entry<ProfilePatch>> patches) {
        try {
            List<UserFailure> failures = users.update(app, patches, Cause.of("StoreFloor"));
            if (failures.isEmpty()) {
                return Answer.OK;
            }
            Map<String, Integer> byCode = new HashMap<>();
            failures.forEach(failure -> byCode.merge(failure.code().wire(), 1, Integer::sum));
            return new Answer(null, byCode);
        } catch (RuntimeException e) {
            return new Answer("Store (" + e.getClass().getSimpleName() + ")", Map.of());
        }
    }

    /** Update number {@code i}: block {@code i mod blocks}, NickName {@code i}, as {@link Workload} builds them. */
    private static List<Entry<ProfilePatch>> patches(long i, int blocks, int usersPerRequest, NickNames nickNames) {
        long firstUser = i % blocks * usersPerRequest + 1;
        ProfilePatch patch = new ProfilePatch(nickNames.update(i), null, null, null);
        List<Entry<ProfilePatch>> entries = new ArrayList<>(usersPerRequest);
        for (int u = 0; u < usersPerRequest; u++) {
            entries.add(Entry.of(firstUser + u, patch));
        }
        return entries;
    }

    private static void register(UserService users, int app, int count) {
        NewProfile profile = new NewProfile(NickNames.REGISTERED, "", List.of(), Map.of(), false);
        for (long first = 1; first <= count; first += REGISTER_BATCH) {
            List<Entry<NewProfile>> entries = new ArrayList<>();
            for (long user = first; user <= Math.min(count, first + REGISTER_BATCH - 1); user++) {
                entries.add(Entry.of(user, profile));
            }
            List<UserFailure> failures = users.register(app, entries, Cause.of("StoreFloor"));
            if (!failures.isEmpty()) {
                throw new IllegalStateException("registering users in the store failed: " + failures.get(0));
            }
        }
    }
}
