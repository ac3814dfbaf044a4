package dev.roster.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
     * Claims the building of {@code broadcast}'s audience for {@code node} until {@code until} (epoch ms) if
     * nobody holds it, the claim ended before {@code now}, or {@code node} holds it already; true if
     * {@code node} holds it now.
     */
    boolean claim(Broadcast broadcast, String node, long now, long until);

    /** Ends every claim of {@code node} at once. */
    void release(String node);

    /**
     * The Sequence of the broadcast's {@code broadcast.accepted} event: changes numbered below it are in its
     * snapshot, those above it are not. Empty while the event is not numbered yet (PostgreSQL numbers after
     * commit).
     */
    OptionalLong marker(Broadcast broadcast);

    /**
     * Reads in one snapshot: up to {@code limit} users above {@code afterUserId} whose current tags match
     * the broadcast, in UserId order, and every change to a user of the app after the change numbered
     * {@code changesAfter} (oldest first; on PostgreSQL also those not numbered yet, last), handed to
     * {@code changes} with the profile before it (null: the user was not registered).
     */
    AudienceRead read(Broadcast broadcast, long afterUserId, int limit, long changesAfter, ChangeSink changes);

    /**
     * Records one batch: the recipients with UserIds in ({@code from}, {@code upTo}], and the cursor moved
     * from {@code from} to {@code upTo}; with {@code last}, the broadcast becomes ready and its
     * {@code broadcast.ready} event is written. False, writing nothing, if the cursor was no longer at
     * {@code from} (another node recorded it) or the broadcast is gone.
     */
    boolean record(Broadcast broadcast, long from, long upTo, List<Long> recipients, boolean last, long now);

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
        void change(long userId, String before);
    }

    /** What {@link #read} found: the candidates, and the highest Sequence among the changes handed over. */
    record AudienceRead(List<Long> candidates, long changesUpTo) {}
}
