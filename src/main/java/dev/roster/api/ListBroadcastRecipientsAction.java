package dev.roster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.roster.broadcasts.Broadcasts;
import dev.roster.store.Broadcast;
import java.time.Instant;
import java.util.List;

/**
 * ListBroadcastRecipients (Roster's own, {@code Version=2026-11-01}): the audience of a ready broadcast,
 * in UserId order. {@code Limit} 1 to 10000 (default 1000); {@code NextCursor} is absent on the last page.
 * A broadcast unknown in the app, still pending, or expired (its audience is no longer kept) is
 * {@code InvalidParam} naming {@code BroadcastId}.
 */
final class ListBroadcastRecipientsAction implements RosterAction {
    static final String NAME = "ListBroadcastRecipients";
    static final int MAX_LIMIT = 10_000;
    static final int DEFAULT_LIMIT = 1_000;

    private final Broadcasts broadcasts;

    ListBroadcastRecipientsAction(Broadcasts broadcasts) {
        this.broadcasts = broadcasts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        String id = Fields.optionalString(call.body(), "BroadcastId");
        if (id == null) {
            throw Fields.invalid("BroadcastId: is required");
        }
        String scope = "ListBroadcastRecipients/" + appId + "/" + id;
        String cursor = Fields.optionalString(call.body(), "Cursor");
        long after = cursor == null ? 0 : Cursor.decode(cursor, scope,
                "pass the NextCursor of the page before, with the same AppId and BroadcastId");
        Long limit = Fields.optionalInteger(call.body(), "Limit", 1, MAX_LIMIT);
        int size = limit == null ? DEFAULT_LIMIT : limit.intValue();
        Broadcast broadcast = broadcasts.find(appId, id).orElseThrow(
                () -> Fields.invalid("BroadcastId: no broadcast " + shortened(id) + " in AppId " + appId));
        switch (broadcast.statusAt(broadcasts.now())) {
            case PENDING -> throw Fields.invalid("BroadcastId: the audience of " + id
                    + " is not ready yet (Status pending); its broadcast.ready event tells when it is");
            case EXPIRED -> throw Fields.invalid("BroadcastId: " + id + " expired at "
                    + Instant.ofEpochMilli(broadcast.expireTime()) + "; its audience is no longer kept");
            case READY -> { }
        }
        List<Long> page = broadcasts.recipients(broadcast, after, size + 1);
        List<Long> shown = page.subList(0, Math.min(size, page.size()));
        return new Result(shown, page.size() > size ? Cursor.encode(scope, shown.get(shown.size() - 1)) : null);
    }

    /** A BroadcastId as the message quotes it: hostile input cannot flood the answer. */
    private static String shortened(String id) {
        return id.codePointCount(0, id.length()) <= 40 ? "\"" + id + "\""
                : "\"" + id.substring(0, id.offsetByCodePoints(0, 40)) + "…\"";
    }

    record Result(List<Long> userIds, @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor) {}
}
