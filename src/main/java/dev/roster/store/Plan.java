package dev.roster.store;

import java.util.List;

/**
 * What a {@link Mutation} decided: profiles to insert or replace, user ids to delete, and a result
 * handed back to the caller once the writes are committed.
 */
public record Plan<R>(R result, List<Profile> puts, List<Long> deletes) {
    public Plan {
        puts = List.copyOf(puts);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty();
    }
}
