package dev.roster.testing;

import dev.roster.store.Cause;
import dev.roster.store.Mutation;
import dev.roster.store.Plan;
import dev.roster.store.Profile;
import dev.roster.store.UserPage;
import dev.roster.store.UserQuery;
import dev.roster.store.UserStore;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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

    /** Exact pages: the model the SQL stores' queries are checked against. */
    @Override
    public synchronized UserPage query(UserQuery query, long afterUserId, int limit, boolean withTotal) {
        List<Profile> matching = rows.values().stream().filter(query::matches)
                .sorted(Comparator.comparingLong(Profile::userId)).toList();
        List<Profile> page = matching.stream().filter(p -> p.userId() > afterUserId).limit(limit + 1L).toList();
        Long next = page.size() > limit ? page.get(limit - 1).userId() : null;
        return new UserPage(page.subList(0, Math.min(limit, page.size())), next,
                withTotal ? (long) matching.size() : null);
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
