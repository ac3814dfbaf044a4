package dev.roster.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox of change events ({@code user_events}, written by the {@link UserStore} with each change),
 * and the delivery state of each sink: how far it has taken the events ({@code event_sinks}, held by
 * one node at a time under a lease) and the events it is still retrying ({@code event_retries}).
 * Every delivery write names the node holding the lease and does nothing once that lease has gone to
 * another node. Every failure surfaces as a {@link StoreException}.
 */
public interface EventStore {

    /**
     * Numbers the committed events that have no sequence number yet, in the order they were written
     * (PostgreSQL, whose writers commit side by side); nothing to do on SQLite, which numbers at insert.
     */
    void sequence();

    /** The events of {@code appId} numbered above {@code after}, in order, at most {@code limit}. */
    List<StoredEvent> page(int appId, long after, int limit);

    /** The events of every app numbered above {@code after}, in order, at most {@code limit}. */
    List<StoredEvent> after(long after, int limit);

    /** The newest events, newest first: of one app if {@code appId} is set, only failed ones if asked. */
    List<StoredEvent> recent(Integer appId, boolean failedOnly, int limit);

    Optional<StoredEvent> byId(String eventId);

    /** Registers a sink that starts with the events numbered after the newest one; nothing if it exists. */
    void addSink(String sink);

    /** Every sink and how far it has taken the events. */
    Map<String, Long> sinkPositions();

    /**
     * Takes or renews the lease on {@code sink} for {@code owner} until {@code until} (epoch ms) if it is
     * free, ended before {@code now}, or already {@code owner}'s; true if {@code owner} holds it now.
     */
    boolean lease(String sink, String owner, long now, long until);

    /** Ends {@code owner}'s lease on {@code sink} at once, so another node may take over. */
    void release(String sink, String owner);

    /** The users with an event waiting for a retry on {@code sink}: their later events must queue behind it. */
    List<UserKey> waitingUsers(String sink);

    /**
     * The retries of {@code sink} due by {@code now}, each the oldest waiting event of its user, oldest
     * first, at most {@code limit}.
     */
    List<Due> dueRetries(String sink, long now, int limit);

    /**
     * Records a round of deliveries, if {@code owner} still holds the lease at {@code now}: the sink's new
     * position (or -1 to keep it), retries to write (new or updated), retries delivered (removed).
     * False, writing nothing, if the lease is gone.
     */
    boolean record(String sink, String owner, long now, long position, List<Retry> retries, List<Long> delivered);

    /** The retry state of these events on every sink. */
    List<Retry> retriesOf(Collection<Long> seqs);

    /** Sends {@code eventId} again on every sink that has taken it; how many sinks will, or empty if no such event. */
    Optional<Integer> redeliver(String eventId, long now);

    /** Sends every failed event again, from its first attempt; how many. */
    int redeliverFailed(long now);

    /** Figures of one sink for metrics and the log. */
    SinkStats stats(String sink);

    /**
     * Deletes at most {@code batch} of the oldest events written before {@code cutoff} (epoch ms), and
     * their retries; returns how many events went.
     */
    int prune(long cutoff, int batch);

    /** A user of an app. */
    record UserKey(int appId, long userId) {}

    /**
     * An event waiting on a sink: attempts made so far, when to try next, whether it is out of attempts,
     * and what the last attempt got.
     */
    record Retry(String sink, long seq, int appId, long userId, int attempts, long nextAttempt, boolean failed,
            String lastError) {}

    /** A retry that is due, with its event. */
    record Due(StoredEvent event, int attempts) {}

    /**
     * Events the sink has still to take ({@code pending}: not yet reached, or waiting for a retry),
     * events it gave up on, and the time of the oldest pending event (0 when none).
     */
    record SinkStats(long pending, long failed, long oldestPendingTime) {}
}
