package dev.roster.events;

import dev.roster.store.EventStore;
import dev.roster.store.EventStore.Due;
import dev.roster.store.EventStore.Retry;
import dev.roster.store.EventStore.UserKey;
import dev.roster.store.StoreException;
import dev.roster.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox to one {@link Sink}, on a thread of its own. Among the nodes sharing a store, the
 * one holding the sink's lease sends (the others wait to take it over when it ends, so a dead node's
 * work moves on within one lease); it renews the lease while it works.
 *
 * <p>A round takes the events after the sink's position, sends them (each user's in order, the next one
 * only once the last is delivered), then records in one write the new position and the events that
 * failed, as retries. A user with an event waiting for a retry has every later event queued behind it,
 * so order per user holds across retries. Retries go after 1 s, 2 s, 4 s … (at most 10 min apart) until
 * delivered or out of attempts (failed). Nothing is recorded until the far end has answered, so a kill
 * loses nothing: the events of an unrecorded round are sent again (at least once).
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofMinutes(10);
    private static final Duration IDLE_POLL = Duration.ofMillis(100);
    /** How often a node without the lease looks whether it has ended. */
    private static final Duration FOLLOWER_POLL = Duration.ofSeconds(1);
    private static final String QUEUED = "waiting for an earlier event of this user";

    private final EventStore store;
    private final Sink sink;
    private final EventsConfig config;
    private final String node;
    private final Clock clock;
    private final DeliveryMetrics metrics;
    private final Thread thread;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private boolean leader;
    private long renewAt;
    private long leaseUntil;
    /** Grows at every takeover: a round begun under an earlier term is not recorded. */
    private long term;
    private long position;
    private Set<UserKey> waiting = new HashSet<>();

    public Dispatcher(EventStore store, Sink sink, EventsConfig config, String node, Clock clock,
            DeliveryMetrics metrics) {
        this.store = store;
        this.sink = sink;
        this.config = config;
        this.node = node;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = new Thread(LowPriority.lowered(this::run), "roster-events-" + sink.label());
        thread.setDaemon(true);
    }

    public Sink sink() {
        return sink;
    }

    public void start() {
        store.addSink(sink.name());
        thread.start();
    }

    /** New events may be there: look at once rather than at the next poll. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                if (!holdLease() || !round()) {
                    pause(leader ? IDLE_POLL : FOLLOWER_POLL.compareTo(config.lease().dividedBy(3)) < 0
                            ? FOLLOWER_POLL : config.lease().dividedBy(3));
                }
            } catch (StoreException e) {
                LOG.warn("events to {}: store unavailable, trying again in 1 s: {}", sink.label(), e.getMessage());
                pause(Duration.ofSeconds(1));
            } catch (RuntimeException e) {
                LOG.error("events to {}: unexpected failure, trying again in 1 s", sink.label(), e);
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** Takes the lease, or renews it when a third of it has passed; true while this node holds it. */
    private boolean holdLease() {
        long now = clock.millis();
        if (leader && now < renewAt) {
            return true;
        }
        // A lease that ran out may have been another node's meanwhile, even if this node gets it back.
        boolean was = leader && now < leaseUntil;
        leader = store.lease(sink.name(), node, now, now + config.lease().toMillis());
        if (leader) {
            leaseUntil = now + config.lease().toMillis();
            renewAt = now + config.lease().toMillis() / 3;
            if (!was) {
                term++;
                position = store.sinkPositions().getOrDefault(sink.name(), 0L);
                waiting = new HashSet<>(store.waitingUsers(sink.name()));
                LOG.info("events to {}: this node sends them now, from event {}", sink.label(), position);
            }
        } else if (was) {
            LOG.info("events to {}: another node took over", sink.label());
        }
        return leader;
    }

    /** One round of new events and one of due retries; false when there was nothing to do. */
    private boolean round() {
        store.sequence();
        List<StoredEvent> fresh = store.after(position, sink.batchSize());
        if (!fresh.isEmpty()) {
            deliverFresh(fresh);
        }
        List<Due> due = leader ? store.dueRetries(sink.name(), clock.millis(), sink.batchSize()) : List.of();
        if (!due.isEmpty()) {
            deliverDue(due);
        }
        return !fresh.isEmpty() || !due.isEmpty();
    }

    private void deliverFresh(List<StoredEvent> events) {
        long round = term;
        // Read afresh each round: `roster events redeliver` adds waiting events from another process.
        waiting = new HashSet<>(store.waitingUsers(sink.name()));
        Map<UserKey, List<StoredEvent>> byUser = new LinkedHashMap<>();
        List<Retry> retries = new ArrayList<>();
        for (StoredEvent event : events) {
            if (!sink.wants(event)) {
                continue;
            }
            UserKey user = new UserKey(event.appId(), event.userId());
            if (waiting.contains(user)) {
                retries.add(queued(event));
            } else {
                byUser.computeIfAbsent(user, u -> new ArrayList<>()).add(event);
            }
        }
        Map<StoredEvent, Throwable> failures = new LinkedHashMap<>();
        List<CompletableFuture<Void>> chains = new ArrayList<>();
        for (List<StoredEvent> ofUser : byUser.values()) {
            if (!holdLease() || term != round) { // a send may block (Kafka without metadata): keep the lease meanwhile
                return;
            }
            chains.add(chain(ofUser, 0, failures));
        }
        if (!awaitAll(chains, round)) {
            return;
        }
        long now = clock.millis();
        int delivered = 0;
        for (List<StoredEvent> ofUser : byUser.values()) {
            boolean behind = false;
            for (StoredEvent event : ofUser) {
                Throwable failure = failures.get(event);
                if (behind) {
                    retries.add(queued(event));
                } else if (failure != null) {
                    retries.add(afterAttempt(event, 1, failure, now));
                    behind = true;
                } else {
                    delivered++;
                }
            }
        }
        long last = events.get(events.size() - 1).seq();
        if (!store.record(sink.name(), node, now, last, retries, List.of())) {
            lost();
            return;
        }
        counted(delivered, retries);
        position = last;
        retries.forEach(retry -> waiting.add(new UserKey(retry.appId(), retry.userId())));
    }

    /** Sends a user's events from {@code from} on, each once the one before is delivered; stops at a failure. */
    private CompletableFuture<Void> chain(List<StoredEvent> events, int from, Map<StoredEvent, Throwable> failures) {
        StoredEvent event = events.get(from);
        return send(event).handle((ok, failure) -> {
            if (failure != null) {
                synchronized (failures) {
                    failures.put(event, failure);
                }
                return CompletableFuture.<Void>completedFuture(null);
            }
            return from + 1 < events.size() ? chain(events, from + 1, failures)
                    : CompletableFuture.<Void>completedFuture(null);
        }).thenCompose(next -> next);
    }

    private CompletableFuture<Void> send(StoredEvent event) {
        try {
            return sink.send(event, EventJson.of(event));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void deliverDue(List<Due> due) {
        long round = term;
        Map<Due, Throwable> failures = new LinkedHashMap<>();
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        List<Long> delivered = new ArrayList<>();
        for (Due d : due) {
            if (!sink.wants(d.event())) { // a redelivery asked for on every sink: not this one's
                delivered.add(d.event().seq());
                continue;
            }
            sends.add(send(d.event()).exceptionally(failure -> {
                synchronized (failures) {
                    failures.put(d, failure);
                }
                return null;
            }));
        }
        if (!awaitAll(sends, round)) {
            return;
        }
        long now = clock.millis();
        List<Retry> retries = new ArrayList<>();
        boolean settled = !delivered.isEmpty();
        for (Due d : due) {
            if (!sink.wants(d.event())) {
                continue;
            }
            Throwable failure = failures.get(d);
            if (failure == null) {
                delivered.add(d.event().seq());
                settled = true;
            } else {
                Retry next = afterAttempt(d.event(), d.attempts() + 1, failure, now);
                retries.add(next);
                settled |= next.failed();
            }
        }
        if (!store.record(sink.name(), node, now, -1, retries, delivered)) {
            lost();
            return;
        }
        counted(delivered.size(), retries);
        if (settled) {
            waiting = new HashSet<>(store.waitingUsers(sink.name()));
        }
    }

    /** The retry of an event whose {@code attempts}-th attempt failed: next after a doubling delay, or failed for good. */
    private Retry afterAttempt(StoredEvent event, int attempts, Throwable failure, long now) {
        String reason = reason(failure);
        boolean failed = attempts >= config.maxAttempts();
        if (failed) {
            LOG.warn("events to {}: event {} failed for good after {} attempts: {}", sink.label(), event.eventId(),
                    attempts, reason);
        }
        return new Retry(sink.name(), event.seq(), event.appId(), event.userId(), attempts,
                now + delay(attempts).toMillis(), failed, reason);
    }

    /** Counts a recorded round's outcomes (a round dropped unrecorded is sent again, and counted then). */
    private void counted(int delivered, List<Retry> retries) {
        metrics.delivered(sink, delivered);
        for (Retry retry : retries) {
            if (retry.failed()) {
                metrics.failed(sink);
            } else if (retry.attempts() > 0) {
                metrics.retried(sink);
            }
        }
    }

    /** The wait after the {@code attempts}-th failed attempt: 1 s, 2 s, 4 s … at most 10 min. */
    static Duration delay(int attempts) {
        int doublings = Math.min(attempts - 1, 20);
        Duration delay = FIRST_RETRY.multipliedBy(1L << doublings);
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    private Retry queued(StoredEvent event) {
        return new Retry(sink.name(), event.seq(), event.appId(), event.userId(), 0, clock.millis(), false, QUEUED);
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        return cause instanceof Sink.DeliveryFailure ? cause.getMessage() : cause.toString();
    }

    /**
     * Waits for every send, renewing the lease meanwhile; false if the lease was lost or ran out since the
     * round began in {@code round} (the round is then dropped: whoever holds the lease sends those events
     * again), or if the dispatcher is closing.
     */
    private boolean awaitAll(List<CompletableFuture<Void>> sends, long round) {
        CompletableFuture<Void> all = CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new));
        while (true) {
            try {
                all.get(Math.max(1, Math.min(renewAt - clock.millis(), IDLE_POLL.toMillis())), TimeUnit.MILLISECONDS);
                return holdLease() && term == round;
            } catch (TimeoutException e) {
                if (!running || !holdLease() || term != round) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return true; // each send settles its own failure; allOf only repeats the first one
            }
        }
    }

    private void lost() {
        leader = false;
        LOG.info("events to {}: the lease went to another node before this round was recorded; it sends them again",
                sink.label());
    }

    private void pause(Duration duration) {
        synchronized (signal) {
            if (running) {
                try {
                    signal.wait(Math.max(1, duration.toMillis()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    /**
     * Stops: the round in flight is dropped unrecorded (whoever holds the lease next sends it again), and
     * the lease is freed for another node once the thread has ended.
     */
    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (thread.isAlive()) {
                thread.interrupt(); // still in a send: its lease runs out by itself
            } else if (leader) {
                store.release(sink.name(), node);
            }
        } catch (StoreException e) {
            LOG.warn("events to {}: could not free the lease ({}); another node takes over when it ends", sink.label(),
                    e.getMessage());
        } finally {
            sink.close();
        }
    }
}
