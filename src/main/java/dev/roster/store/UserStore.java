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

    /**
     * A page of the users {@code query} asks for with user ids above {@code afterUserId}, in user-id order:
     * at most {@code limit}, fewer when a filtered query read its window of candidates (see
     * {@link UserQueries}); with the number of users matching the whole query if {@code withTotal}. A user
     * that matches throughout a walk from page to page (each page asked after the last one's
     * {@link UserPage#next()}) is returned exactly once, whatever is written meanwhile.
     */
    UserPage query(UserQuery query, long afterUserId, int limit, boolean withTotal);

    /** Up to {@code limit} profiles of {@code appId} with user ids above {@code afterUserId}, in user-id order. */
    default List<Profile> list(int appId, long afterUserId, int limit) {
        return query(UserQuery.all(appId), afterUserId, limit, false).users();
    }

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
