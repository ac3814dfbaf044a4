package dev.roster.broadcasts;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the audiences of pending broadcasts in the background, on a thread of its own at a low CPU
 * priority, in rounds of {@link #BATCH} candidates shared by the pending broadcasts (a batch of each),
 * resting after each round as long as it worked ({@link #PACE}); and removes the recipients of expired
 * broadcasts.
 *
 * <p>A broadcast's audience is the users who matched at its place in the event order (its
 * {@code broadcast.accepted} event, Sequence M). A batch reads, in one snapshot, the users above the
 * cursor whose tags match now, and every change after M (the broadcasts of one app share one snapshot and
 * one read of the app's changes, so many broadcasts cost no more reading of changes than one): a user changed after M is judged by the profile
 * before its first such change (what it was at M), any other by its tags now. The batch's recipients are
 * written with the cursor they move, in one transaction (with the round's other batches), and the last
 * batch makes the broadcast ready; so
 * a kill loses at most the batch in flight, which the next start (or another node) builds again from the
 * cursor. What was learnt from the changes is kept between batches, and read again from M after a restart.
 * Among several nodes, the one holding a broadcast's claim ({@link #CLAIM}, renewed while it builds) builds
 * its audience, and another takes over once a dead node's claim has ended; should two ever build at once,
 * the cursor moves only from where it was, so one of them wins each batch and the other starts again from
 * the stored cursor.
 */
public final class AudienceBuilder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AudienceBuilder.class);
    /** Candidates read per round, shared by the broadcasts built in it: one round holds the writer for a few milliseconds. */
    static final int BATCH = 2_000;
    /**
     * After a round of batches, the builder rests this many times as long as the round took, so that it
     * takes at most half of a core and of the writer, whatever else the server has to do: requests
     * come first (it also runs at a low CPU priority), and an audience of a million users is still ready
     * within seconds (docs/performance.md, "Broadcasts").
     */
    static final double PACE = 1.0;
    private static final int PENDING_AT_ONCE = 64;
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

    /**
     * One batch of every pending broadcast this node may build; false when it recorded none. The broadcasts
     * of one app are read together, in one snapshot, so that the app's changes are read once for all of them;
     * claims and batches are written a round at a time, one transaction each, however many broadcasts.
     */
    boolean round() {
        List<Broadcast> pending = store.pending(clock.millis(), PENDING_AT_ONCE);
        List<Broadcast> mine = claimed(pending);
        Map<Integer, List<Broadcast>> byApp = new LinkedHashMap<>();
        for (Broadcast broadcast : mine) {
            byApp.computeIfAbsent(broadcast.appId(), app -> new ArrayList<>()).add(broadcast);
        }
        // The round's batches share one transaction: together they hold the writer no longer than one batch would.
        int each = Math.max(1, batch / Math.max(1, mine.size()));
        List<BroadcastStore.AudienceBatch> batches = new ArrayList<>();
        for (Map.Entry<Integer, List<Broadcast>> app : byApp.entrySet()) {
            if (!running) {
                return false;
            }
            read(app.getKey(), app.getValue(), each, batches);
        }
        if (batches.isEmpty()) {
            return false;
        }
        Set<Long> recorded = store.record(batches, clock.millis());
        for (BroadcastStore.AudienceBatch done : batches) {
            Broadcast broadcast = done.broadcast();
            Progress p = progress.get(broadcast.key());
            if (!recorded.contains(broadcast.key())) {
                progress.remove(broadcast.key()); // another node moved it: start again from the stored cursor
            } else if (done.last()) {
                progress.remove(broadcast.key());
                LOG.info("broadcast {} of app {}: audience ready, {} users", broadcast.broadcastId(),
                        broadcast.appId(), broadcast.audienceSize() + done.recipients().size());
            } else {
                p.cursor = done.upTo();
            }
        }
        return !recorded.isEmpty();
    }

    /**
     * The broadcasts among {@code pending} this node builds now: those whose claim it holds (taking or
     * renewing claims as needed, in one write) and whose progress it knows (their events numbered, their
     * cursors as stored).
     */
    private List<Broadcast> claimed(List<Broadcast> pending) {
        long now = clock.millis();
        List<Broadcast> toClaim = new ArrayList<>();
        for (Broadcast broadcast : pending) {
            Progress p = progress.get(broadcast.key());
            if (p == null || now >= p.renewClaimAt || p.cursor != broadcast.cursor()) {
                toClaim.add(broadcast);
            }
        }
        Set<Long> held = toClaim.isEmpty() ? Set.of() : store.claim(toClaim, node, now, now + CLAIM.toMillis());
        List<Broadcast> fresh = new ArrayList<>();
        for (Broadcast broadcast : toClaim) {
            if (!held.contains(broadcast.key())) {
                progress.remove(broadcast.key()); // another node builds it
            } else if (progress.containsKey(broadcast.key())
                    && progress.get(broadcast.key()).cursor == broadcast.cursor()) {
                progress.get(broadcast.key()).renewClaimAt = now + CLAIM.toMillis() / 3;
            } else {
                fresh.add(broadcast);
            }
        }
        Map<Long, Long> markers = fresh.isEmpty() ? Map.of() : store.markers(fresh);
        for (Broadcast broadcast : fresh) {
            Long marker = markers.get(broadcast.key());
            if (marker == null) {
                progress.remove(broadcast.key()); // its event is not numbered yet
            } else {
                Progress p = new Progress(marker, broadcast.cursor());
                p.renewClaimAt = now + CLAIM.toMillis() / 3;
                progress.put(broadcast.key(), p);
            }
        }
        Set<Long> keys = new HashSet<>();
        List<Broadcast> mine = new ArrayList<>();
        for (Broadcast broadcast : pending) {
            keys.add(broadcast.key());
            if (progress.containsKey(broadcast.key())) {
                mine.add(broadcast);
            }
        }
        progress.keySet().retainAll(keys);
        return mine;
    }

    /**
     * Reads a batch of up to {@code limit} candidates of each of {@code broadcasts} (one app's) in one snapshot,
     * adding them to {@code batches}.
     */
    private void read(int appId, List<Broadcast> broadcasts, int limit, List<BroadcastStore.AudienceBatch> batches) {
        List<BroadcastStore.AudienceCursor> cursors = new ArrayList<>();
        long changesAfter = Long.MAX_VALUE;
        for (Broadcast broadcast : broadcasts) {
            Progress p = progress.get(broadcast.key());
            cursors.add(new BroadcastStore.AudienceCursor(broadcast, p.cursor));
            changesAfter = Math.min(changesAfter, p.changesUpTo);
        }
        BroadcastStore.AudienceRead read = store.read(appId, cursors, limit, changesAfter, (seq, userId, before) -> {
            Set<String> tags = null; // parsed once, for the first broadcast that needs it
            for (Broadcast broadcast : broadcasts) {
                Progress p = progress.get(broadcast.key());
                if (seq > p.changesUpTo && !p.atMarker.containsKey(userId)) {
                    if (tags == null && before != null) {
                        tags = tags(before);
                    }
                    p.atMarker.put(userId, before != null && broadcast.message().matches(tags));
                }
            }
        });
        for (Broadcast broadcast : broadcasts) {
            Progress p = progress.get(broadcast.key());
            p.changesUpTo = Math.max(p.changesUpTo, read.changesUpTo());
            List<Long> candidates = read.candidates().get(broadcast.key());
            boolean last = candidates.size() < limit;
            long upTo = last ? Long.MAX_VALUE : candidates.get(candidates.size() - 1);
            batches.add(new BroadcastStore.AudienceBatch(broadcast, p.cursor, upTo,
                    recipients(candidates, p.atMarker.subMap(p.cursor, false, upTo, true)), last));
        }
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

    /** The tags of a profile as events carry it (JSON). */
    private static Set<String> tags(String profile) {
        try {
            Set<String> held = new HashSet<>();
            JSON.readTree(profile).path("Tags").forEach(tag -> held.add(tag.asText()));
            return held;
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
