package dev.roster.fuzz;

import dev.roster.store.Cause;
import dev.roster.store.Mutation;
import dev.roster.store.Plan;
import dev.roster.store.Profile;
import dev.roster.store.UserPage;
import dev.roster.store.UserQuery;
import dev.roster.store.UserStore;
import dev.roster.testing.MemoryUserStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A {@link UserStore} for fuzzing: a {@link MemoryUserStore} laid anew with the same few users before
 * each input (so that an input does the same thing whatever ran before it), recording every profile
 * each write replaced or removed, so that a check can say exactly which users a request wrote.
 */
final class RecordingUserStore implements UserStore {
    /** One user written: its profile before ({@code null}: not registered) and after ({@code null}: removed). */
    record Write(int appId, long userId, Profile before, Profile after) {}

    private volatile MemoryUserStore users = new MemoryUserStore();
    private final List<Write> writes = new ArrayList<>();

    /** Forgets every user and write, then stores {@code profiles} (unrecorded). */
    void reset(List<Profile> profiles) {
        MemoryUserStore fresh = new MemoryUserStore();
        for (Profile p : profiles) {
            fresh.modify(p.appId(), List.of(p.userId()), current -> new Plan<>(null, List.of(p), List.of()));
        }
        users = fresh;
        synchronized (writes) {
            writes.clear();
        }
    }

    /** The writes since the last call (or reset). */
    List<Write> takeWrites() {
        synchronized (writes) {
            List<Write> taken = List.copyOf(writes);
            writes.clear();
            return taken;
        }
    }

    @Override
    public Map<Long, Profile> find(int appId, Collection<Long> userIds) {
        return users.find(appId, userIds);
    }

    @Override
    public <R> R modify(int appId, Collection<Long> userIds, Mutation<R> mutation) {
        List<Write> planned = new ArrayList<>();
        R result = users.modify(appId, userIds, current -> {
            Plan<R> plan = mutation.plan(current);
            planned.clear(); // a store may plan more than once; only the plan it applies counts
            plan.puts().forEach(p -> planned.add(new Write(appId, p.userId(), current.get(p.userId()), p)));
            plan.deletes().forEach(id -> planned.add(new Write(appId, id, current.get(id), null)));
            return plan;
        });
        synchronized (writes) {
            writes.addAll(planned);
        }
        return result;
    }

    @Override
    public UserPage query(UserQuery query, long afterUserId, int limit, boolean withTotal) {
        return users.query(query, afterUserId, limit, withTotal);
    }

    @Override
    public long removeApp(int appId, Cause cause, long time) {
        return users.removeApp(appId, cause, time);
    }

    @Override
    public void ping() {}

    @Override
    public void close() {}
}
