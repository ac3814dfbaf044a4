package dev.roster.broadcasts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.events.Events;
import dev.roster.events.LowPriority;
import dev.roster.store.Broadcast;
import dev.roster.store.BroadcastStore;
import dev.roster.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the audiences of pending broadcasts in the background, on a thread of its own at a low CPU
 * priority, a batch of {@link #BATCH} candidates of each pending broadcast in turn, resting after each
 * round as long as it worked ({@link #PACE}); and removes the recipients of expired broadcasts.
 *
 * <p>A broadcast's audience is the users who matched at its place in the event order (its
 * {@code broadcast.accepted} event, Sequence M). A batch reads, in one snapshot, the users above the
 * cursor whose tags match now, and every change after M: a user changed after M is judged by the profile
 * before its first such change (what it was at M), any other by its tags now. The batch's recipients are
 * written with the cursor they move, in one transaction, and the last batch makes the broadcast ready; so
 * a kill loses at most the batch in flight, which the next start (or another node) builds again from the
 * cursor. What was learnt from the changes is kept between batches, and read again from M after a restart.
 * Among several nodes, the one holding a broadcast's claim ({@link #CLAIM}, renewed while it builds) builds
 * its audience, and another takes over once a dead node's claim has ended; should two ever build at once,
 * the cursor moves only from where it was, so one of them wins each batch and the other starts again from
 * the stored cursor.
 */
public final class AudienceBuilder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AudienceBuilder.class);
    /** Candidates read per batch: one batch holds the writer for a few milliseconds. */
    static final int BATCH = 2_000;
    /**
     * After a round of batches, the builder rests this many times as long as the round took, so that it
     * takes at most half of a core and of the writer, whatever else the server has to do: requests
     * come first (it also runs at a low CPU priority), and an audience of a million users is still ready
     * within seconds (docs/performance.md, "Broadcasts").
     */
    static final double PACE = 1.0;
    private static final int PENDING_AT_ONCE = 16;
    private static final Duration IDLE_POLL = Duration.ofSeconds(1);
    private static final Duration EXPIRE_EVERY = Duration.ofMinutes(1);
    private static final int EXPIRE_BATCH = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a node's claim on an audience lasts; renewed when a third of it has passed. */
    static final Duration CLAIM = Duration.ofSeconds(10);

    private final BroadcastStore store;
    private final Clock clock;
    private final Duration keepExpired;
    private final int batch;
    private final String node;
    private final Thread thread;
    private final Object signal = new Object();
    private final Map<Long, Progress> progress = new HashMap<>();
    private volatile boolean running = true;
    private long nextExpiry;

    /** What one node knows of a broadcast whose audience it builds. */
    private static final class Progress {
        final long marker;
        long cursor;
        long changesUpTo;
        long renewClaimAt;
        /** Users changed after the marker: whether they were in the audience at the marker. */
        final NavigableMap<Long, Boolean> atMarker = new TreeMap<>();

        Progress(long marker, long cursor) {
            this.marker = marker;
            this.cursor = cursor;
            this.changesUpTo = marker;
        }
    }

    /** {@code keepExpired}: how long a broadcast stays listed after it expired (its recipients go at once). */
    public AudienceBuilder(BroadcastStore store, Clock clock, Duration keepExpired) {
        this(store, clock, keepExpired, BATCH);
    }

    /** With {@code batch} candidates read per batch (tests make batches small). */
    AudienceBuilder(BroadcastStore store, Clock clock, Duration keepExpired, int batch) {
        this.store = store;
        this.clock = clock;
        this.keepExpired = keepExpired;
        this.batch = batch;
        this.node = Events.nodeName();
        this.thread = new Thread(LowPriority.lowered(this::run), "roster-audiences");
        thread.setDaemon(true);
    }

    public AudienceBuilder start() {
        thread.start();
        return this;
    }

    /** A broadcast was just stored: look at once rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            boolean worked = false;
            long started = System.nanoTime();
            try {
                worked = round();
                if (worked) {
                    rest(Duration.ofNanos((long) ((System.nanoTime() - started) * PACE)));
                }
                expire();
            } catch (StoreException e) {
                LOG.warn("broadcasts: store unavailable, trying again in 1 s: {}", e.getMessage());
                progress.clear();
            } catch (RuntimeException e) {
                LOG.error("broadcasts: unexpected failure, trying again in 1 s", e);
                progress.clear();
            }
            if (!worked) {
                pause();
            }
        }
    }

    /** One batch of every pending broadcast this node may build; false when it recorded none. */
    boolean round() {
        List<Broadcast> pending = store.pending(clock.millis(), PENDING_AT_ONCE);
        Set<Long> keys = new HashSet<>();
        boolean recorded = false;
        for (Broadcast broadcast : pending) {
            keys.add(broadcast.key());
            if (!running) {
                break;
            }
            recorded |= step(broadcast);
        }
        progress.keySet().retainAll(keys);
        return recorded;
    }

    /** Builds and records one batch of {@code broadcast}'s audience, unless another node has claimed it; true if recorded. */
    private boolean step(Broadcast broadcast) {
        Progress p = progress.get(broadcast.key());
        long now = clock.millis();
        if (p == null || now >= p.renewClaimAt) {
            if (!store.claim(broadcast, node, now, now + CLAIM.toMillis())) {
                progress.remove(broadcast.key()); // another node builds it
                return false;
            }
            if (p != null) {
                p.renewClaimAt = now + CLAIM.toMillis() / 3;
            }
        }
        if (p == null || p.cursor != broadcast.cursor()) {
            OptionalLong marker = store.marker(broadcast);
            if (marker.isEmpty()) {
                return false; // its event is not numbered yet
            }
            p = new Progress(marker.getAsLong(), broadcast.cursor());
            p.renewClaimAt = now + CLAIM.toMillis() / 3;
            progress.put(broadcast.key(), p);
        }
        Progress known = p;
        BroadcastStore.AudienceRead read = store.read(broadcast, p.cursor, batch, p.changesUpTo,
                (userId, before) -> known.atMarker.computeIfAbsent(userId, id -> matched(broadcast, before)));
        p.changesUpTo = read.changesUpTo();
        List<Long> candidates = read.candidates();
        boolean last = candidates.size() < batch;
        long upTo = last ? Long.MAX_VALUE : candidates.get(candidates.size() - 1);
        List<Long> recipients = recipients(candidates, p.atMarker.subMap(p.cursor, false, upTo, true));
        if (!store.record(broadcast, p.cursor, upTo, recipients, last, clock.millis())) {
            progress.remove(broadcast.key()); // another node moved it: start again from the stored cursor
            return false;
        }
        p.cursor = upTo;
        if (last) {
            progress.remove(broadcast.key());
            LOG.info("broadcast {} of app {}: audience ready, {} users", broadcast.broadcastId(), broadcast.appId(),
                    broadcast.audienceSize() + recipients.size());
        }
        return true;
    }

    /**
     * The batch's audience, in UserId order: the candidates (matching now) that were not changed after the
     * marker, and the users changed after it who matched at it.
     */
    static List<Long> recipients(List<Long> candidates, NavigableMap<Long, Boolean> changed) {
        List<Long> recipients = new ArrayList<>(candidates.size());
        var changes = changed.entrySet().iterator();
        Map.Entry<Long, Boolean> change = changes.hasNext() ? changes.next() : null;
        for (long candidate : candidates) {
            while (change != null && change.getKey() < candidate) {
                if (change.getValue()) {
                    recipients.add(change.getKey());
                }
                change = changes.hasNext() ? changes.next() : null;
            }
            if (change != null && change.getKey() == candidate) {
                if (change.getValue()) {
                    recipients.add(candidate);
                }
                change = changes.hasNext() ? changes.next() : null;
            } else {
                recipients.add(candidate);
            }
        }
        while (change != null) {
            if (change.getValue()) {
                recipients.add(change.getKey());
            }
            change = changes.hasNext() ? changes.next() : null;
        }
        return recipients;
    }

    /** Whether the profile {@code before} (JSON as events carry it; null: not registered) was in the audience. */
    private static boolean matched(Broadcast broadcast, String before) {
        if (before == null) {
            return false;
        }
        try {
            JsonNode tags = JSON.readTree(before).path("Tags");
            Set<String> held = new HashSet<>();
            tags.forEach(tag -> held.add(tag.asText()));
            return broadcast.message().matches(held);
        } catch (IOException e) {
            throw new StoreException("a stored event's profile is corrupt", false, e);
        }
    }

    void expire() {
        long now = clock.millis();
        if (now < nextExpiry) {
            return;
        }
        int removed;
        do {
            removed = store.expire(now, now - keepExpired.toMillis(), EXPIRE_BATCH);
        } while (removed >= EXPIRE_BATCH && running);
        nextExpiry = now + EXPIRE_EVERY.toMillis();
    }

    private void pause() {
        synchronized (signal) {
            if (running) {
                try {
                    signal.wait(IDLE_POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /** Sleeps {@code duration} (not cut short by {@link #wake}: a new broadcast waits its turn too). */
    private void rest(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops after the batch in flight, and gives up this node's claims so that a restart need not wait them out. */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            try {
                store.release(node);
            } catch (StoreException e) {
                LOG.warn("broadcasts: could not give up this node's claims ({}); they end within {}", e.getMessage(),
                        CLAIM);
            }
        }
    }
}
