package dev.roster.api;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.roster.events.EventFeed;
import java.util.List;

/**
 * ListUserEvents (Roster's own, {@code Version=2026-11-01}): the change events of one app after a
 * cursor, oldest first. {@code After} is a Sequence (absent: from the oldest event kept), {@code Limit}
 * 1 to 1000 (default 100). Answers {@code {"Events": [...], "NextCursor": N}}: ask again with
 * {@code After=NextCursor} for what follows. With {@code Newest: true} (and no {@code After}), the newest
 * {@code Limit} events, newest first, and the newest one's Sequence as {@code NextCursor}: what a person
 * looking at recent changes wants, and where a reader that then follows the feed starts.
 */
final class ListUserEventsAction implements RosterAction {
    static final String NAME = "ListUserEvents";
    static final int MAX_LIMIT = 1_000;
    static final int DEFAULT_LIMIT = 100;

    private final EventFeed feed;

    ListUserEventsAction(EventFeed feed) {
        this.feed = feed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        Long after = Fields.optionalInteger(call.body(), "After", 0, Long.MAX_VALUE);
        Long limit = Fields.optionalInteger(call.body(), "Limit", 1, MAX_LIMIT);
        int pageSize = limit == null ? DEFAULT_LIMIT : limit.intValue();
        EventFeed.Page page;
        if (Boolean.TRUE.equals(Fields.optionalBoolean(call.body(), "Newest"))) {
            if (after != null) {
                throw Fields.invalid("After: not allowed with Newest, which starts from the newest event");
            }
            page = feed.newest(appId, pageSize);
        } else {
            page = feed.page(appId, after == null ? 0 : after, pageSize);
        }
        return new Result(page.events().stream().map(RawValue::new).toList(), page.nextCursor());
    }

    /** The events are JSON already ({@link dev.roster.events.EventJson}), copied into the answer as they are. */
    record Result(List<RawValue> events, long nextCursor) {}
}
