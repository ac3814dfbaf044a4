package dev.roster.events;

import dev.roster.store.EventStore;
import dev.roster.store.StoredEvent;
import java.util.List;

/** The pull feed of change events (ListUserEvents): pages of an app's events in Sequence order. */
public final class EventFeed {
    private final EventStore store;

    public EventFeed(EventStore store) {
        this.store = store;
    }

    /**
     * A page: the events as JSON ({@link EventJson}), and the cursor to ask for the next page with, the
     * Sequence of the last event returned, or {@code after} itself when there was none.
     */
    public record Page(List<String> events, long nextCursor) {}

    public Page page(int appId, long after, int limit) {
        List<StoredEvent> events = store.page(appId, after, limit);
        long next = events.isEmpty() ? after : events.get(events.size() - 1).seq();
        return new Page(events.stream().map(EventJson::of).toList(), next);
    }

    /**
     * The newest {@code limit} events of the app, newest first, and the Sequence of the newest as the
     * cursor (0 when there is none): asking with {@code after} set to it gives what comes next.
     */
    public Page newest(int appId, int limit) {
        List<StoredEvent> newestFirst = store.recent(appId, false, limit);
        long next = newestFirst.isEmpty() ? 0 : newestFirst.get(0).seq();
        return new Page(newestFirst.stream().map(EventJson::of).toList(), next);
    }
}
