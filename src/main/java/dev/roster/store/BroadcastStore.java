package dev.roster.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Broadcasts and their audiences ({@code broadcasts}, {@code broadcast_recipients}). A broadcast is
 * written with its {@code broadcast.accepted} event; its audience is built in batches by whoever calls
 * {@link #read} and {@link #record}, and {@link #record} writes the {@code broadcast.ready} event with the
 * last batch. Every failure surfaces as a {@link StoreException}.
 */
public interface BroadcastStore {

    /** Stores a new broadcast, pending, and its {@code broadcast.accepted} event, in one transaction. */
    Broadcast create(int appId, BroadcastMessage message, Cause cause, String accessKeyId, long time);

    /** The broadcasts of {@code appId} with keys below {@code beforeKey}, newest first, at most {@code limit}. */
    List<Broadcast> list(int appId, long beforeKey, int limit);

    Optional<Broadcast> find(int appId, String broadcastId);

    /** The recipients of the broadcast {@code key} above {@code afterUserId}, in UserId order, at most {@code limit}. */
    List<Long> recipients(long key, long afterUserId, int limit);

    /** Broadcasts whose audience is still being built and that have not expired by {@code now}, oldest first. */
    List<Broadcast> pending(long now, int limit);

    /**
     * Claims, in one transaction, the building of each of {@code broadcasts}' audiences for {@code node} until
     * {@code until} (epoch ms) where nobody holds it, the claim ended before {@code now}, or {@code node} holds
     * it already; the keys of those {@code node} holds now.
     */
    Set<Long> claim(List<Broadcast> broadcasts, String node, long now, long until);

    /** Ends every claim of {@code node} at once. */
    void release(String node);

    /**
     * The Sequence of each broadcast's {@code broadcast.accepted} event, by key: changes numbered below it are
     * in its snapshot, those above it are not. A broadcast whose event is not numbered yet (PostgreSQL numbers
     * after commit) is absent.
     */
    Map<Long, Long> markers(List<Broadcast> broadcasts);

    /**
     * Reads in one snapshot, for broadcasts of one app: for each of {@code from}, up to {@code limit} users
     * above its cursor whose current tags match that broadcast, in UserId order; and every change to a user
     * of the app after the change numbered {@code changesAfter}, oldest first, handed to {@code changes} with
     * its Sequence (on PostgreSQL also the committed changes not numbered yet, last, as {@link Long#MAX_VALUE})
     * and the profile before it (null: the user was not registered).
     */
    AudienceRead read(int appId, List<AudienceCursor> from, int limit, long changesAfter, ChangeSink changes);

    /**
     * Records batches in one transaction, each on its own: its recipients (UserIds in ({@code from},
     * {@code upTo}]) and its cursor moved from {@code from} to {@code upTo}; with {@code last}, its broadcast
     * becomes ready and its {@code broadcast.ready} event is written. A batch whose cursor was no longer at
     * {@code from} (another node recorded it) or whose broadcast is gone writes nothing. Returns the keys of
     * the broadcasts whose batch was recorded.
     */
    Set<Long> record(List<AudienceBatch> batches, long now);

    /** One batch of a broadcast's audience, to {@link #record}. */
    record AudienceBatch(Broadcast broadcast, long from, long upTo, List<Long> recipients, boolean last) {}

    /**
     * Removes, at most {@code batch} at a time, the recipients of broadcasts expired by {@code now} (marking
     * them expired once none is left), and the broadcasts that expired before {@code forgetBefore}; returns
     * how many rows went.
     */
    int expire(long now, long forgetBefore, int batch);

    /** Removes every broadcast of {@code appId} and its recipients; how many broadcasts there were. */
    long removeApp(int appId);

    /** Receives the changes {@link #read} finds. */
    @FunctionalInterface
    interface ChangeSink {
        void change(long seq, long userId, String before);
    }

    /** Where a broadcast's audience is read from: the users above {@code afterUserId}. */
    record AudienceCursor(Broadcast broadcast, long afterUserId) {}

    /**
     * What {@link #read} found: the candidates of each broadcast (by its key), and the highest Sequence among
     * the changes handed over ({@code changesAfter} when none).
     */
    record AudienceRead(Map<Long, List<Long>> candidates, long changesUpTo) {}
}
