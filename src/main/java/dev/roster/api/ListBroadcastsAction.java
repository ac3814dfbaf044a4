package dev.roster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.roster.broadcasts.Broadcasts;
import dev.roster.store.Broadcast;
import dev.roster.store.BroadcastJson;
import java.util.List;

/**
 * ListBroadcasts (Roster's own, {@code Version=2026-11-01}): an app's broadcasts, newest first, each as
 * {@link BroadcastJson} shows it. {@code Limit} 1 to 1000 (default 100); {@code NextCursor} is absent on
 * the last page.
 */
final class ListBroadcastsAction implements RosterAction {
    static final String NAME = "ListBroadcasts";
    static final int MAX_LIMIT = 1_000;
    static final int DEFAULT_LIMIT = 100;

    private final Broadcasts broadcasts;

    ListBroadcastsAction(Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        String scope = "ListBroadcasts/" + appId;
        String cursor = Fields.optionalString(call.body(), "Cursor");
        long before = cursor == null ? Long.MAX_VALUE : Cursor.decode(cursor, scope,
                "pass the NextCursor of the page before, with the same AppId");
        Long limit = Fields.optionalInteger(call.body(), "Limit", 1, MAX_LIMIT);
        int size = limit == null ? DEFAULT_LIMIT : limit.intValue();
        List<Broadcast> page = broadcasts.list(appId, before, size + 1);
        long now = broadcasts.now();
        List<Broadcast> shown = page.subList(0, Math.min(size, page.size()));
        return new Result(shown.stream().map(b -> new RawValue(BroadcastJson.of(b, now))).toList(),
                page.size() > size ? Cursor.encode(scope, shown.get(shown.size() - 1).key()) : null);
    }

    record Result(List<RawValue> broadcasts, @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
}
