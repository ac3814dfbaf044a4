package dev.roster.broadcasts;

import dev.roster.store.Broadcast;
import dev.roster.store.BroadcastMessage;
import dev.roster.store.BroadcastStore;
import dev.roster.store.Cause;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * What Roster does with a UserBroadcast: stores it (with its {@code broadcast.accepted} event), has its
 * audience built in the background ({@link AudienceBuilder}), and lists broadcasts and their recipients.
 * Roster delivers no message: the app's own sender does, from the {@code broadcast.ready} event.
 */
public final class Broadcasts {
    private final BroadcastStore store;
    private final AudienceBuilder builder;
    private final Clock clock;

    public Broadcasts(BroadcastStore store, AudienceBuilder builder, Clock clock) {
        this.store = store;
        this.builder = builder;
        this.clock = clock;
    }

    /** Stores the broadcast, pending, and lets the builder start on its audience. */
    public Broadcast send(int appId, BroadcastMessage message, Cause cause, String accessKeyId) {
        Broadcast stored = store.create(appId, message, cause, accessKeyId, clock.millis());
        builder.wake();
        return stored;
    }

    /** The broadcasts of {@code appId} older than the one numbered {@code beforeKey}, newest first. */
    public List<Broadcast> list(int appId, long beforeKey, int limit) {
        return store.list(appId, beforeKey, limit);
    }

    public Optional<Broadcast> find(int appId, String broadcastId) {
        return store.find(appId, broadcastId);
    }

    /** Recipients of a ready broadcast above {@code afterUserId}, in UserId order. */
    public List<Long> recipients(Broadcast broadcast, long afterUserId, int limit) {
        return store.recipients(broadcast.key(), afterUserId, limit);
    }

    public long removeApp(int appId) {
        return store.removeApp(appId);
    }

    public long now() {
        return clock.millis();
    }
}
