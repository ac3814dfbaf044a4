package dev.roster.store;

import java.util.List;
import java.util.Objects;

/**
 * What a {@link Mutation} decided: profiles to insert or replace, user ids to delete, a result handed
 * back to the caller once the writes are committed, and what the change events say: its cause and its
 * time (epoch ms).
 */
public record Plan<R>(R result, List<Profile> puts, List<Long> deletes, Cause cause, long time) {
    public Plan {
        puts = List.copyOf(puts);
        deletes = List.copyOf(deletes);
        Objects.requireNonNull(cause, "cause");
    }

    /** A plan whose events name no cause, at the current time: for writes made straight on a store. */
    public Plan(R result, List<Profile> puts, List<Long> deletes) {
        this(result, puts, deletes, Cause.NONE, System.currentTimeMillis());
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty();
    }
}
