package dev.roster.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where profiles live. Implementations must make {@link #modify} atomic: the whole plan is written
 * in one transaction, and a plan is only written if none of the profiles it was computed from changed
 * meanwhile (otherwise the mutation is computed again from fresh data). Each change the plan writes
 * appends its event to the outbox in the same transaction (see {@link EventStore}).
 *
 * <p>Every failure surfaces as a {@link StoreException}.
 */
public interface UserStore extends AutoCloseable {

    /** The stored profiles among {@code userIds} in {@code appId}, keyed by user id; missing ids are absent. */
    Map<Long, Profile> find(int appId, Collection<Long> userIds);

    /**
     * Reads the current profiles of {@code userIds}, lets {@code mutation} plan the writes, and applies
     * them atomically. The mutation may run more than once and must have no side effects.
     */
    <R> R modify(int appId, Collection<Long> userIds, Mutation<R> mutation);

    /** Up to {@code limit} profiles of {@code appId} with user ids above {@code afterUserId}, in user-id order. */
    List<Profile> list(int appId, long afterUserId, int limit);

    /**
     * Removes every user of {@code appId} in one transaction, with a {@code user.unregistered} event for
     * each; returns how many there were.
     */
    long removeApp(int appId, Cause cause, long time);

    /** Throws {@link StoreException} unless the store answers a trivial query. */
    void ping();

    @Override
    void close();
}
