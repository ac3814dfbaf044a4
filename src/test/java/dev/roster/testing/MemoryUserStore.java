package dev.roster.testing;

import dev.roster.store.Cause;
import dev.roster.store.Mutation;
import dev.roster.store.Plan;
import dev.roster.store.Profile;
import dev.roster.store.UserStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link UserStore} in a map, for tests of the layers above the store; one lock serialises writes. */
public final class MemoryUserStore implements UserStore {
    private final Map<String, Profile> rows = new HashMap<>();
    private final AtomicInteger modifications = new AtomicInteger();

    @Override
    public synchronized Map<Long, Profile> find(int appId, Collection<Long> userIds) {
        Map<Long, Profile> found = new HashMap<>();
        for (long id : userIds) {
            Profile p = rows.get(key(appId, id));
            if (p != null) {
                found.put(id, p);
            }
        }
        return found;
    }

    @Override
    public synchronized java.util.List<Profile> list(int appId, long afterUserId, int limit) {
        return rows.values().stream()
                .filter(p -> p.appId() == appId && p.userId() > afterUserId)
                .sorted(java.util.Comparator.comparingLong(Profile::userId))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized long removeApp(int appId, Cause cause, long time) {
        long before = rows.size();
        rows.values().removeIf(p -> p.appId() == appId);
        return before - rows.size();
    }

    @Override
    public synchronized <R> R modify(int appId, Collection<Long> userIds, Mutation<R> mutation) {
        Plan<R> plan = mutation.plan(find(appId, userIds));
        plan.puts().forEach(p -> rows.put(key(appId, p.userId()), p));
        plan.deletes().forEach(id -> rows.remove(key(appId, id)));
        if (!plan.isEmpty()) {
            modifications.incrementAndGet();
        }
        return plan.result();
    }

    /** How many modify calls wrote something. */
    public int writes() {
        return modifications.get();
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}

    private static String key(int appId, long userId) {
        return appId + "/" + userId;
    }
}
