package dev.roster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.store.UserPage;
import dev.roster.store.UserQuery;
import dev.roster.users.Limits;
import dev.roster.users.UserService;
import java.util.List;
import java.util.Objects;

/**
 * ListUsers (Roster's own, {@code Version=2026-11-01}): the users of an app that hold all or any of some
 * Tags, whose NickName starts with a prefix (under full Unicode case folding), or that changed after a
 * time, in UserId order, a page at a time. A page holds {@code Limit} users (1 to 1000, default 100), or
 * fewer when a filtered query read its window of candidates; {@code NextCursor} is absent on the last page.
 */
final class ListUsersAction implements RosterAction {
    static final String NAME = "ListUsers";
    static final int MAX_LIMIT = 1_000;
    static final int DEFAULT_LIMIT = 100;

    private final UserService users;
    private final Limits limits;

    ListUsersAction(UserService users, Limits limits) {
        this.users = users;
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        ObjectNode body = call.body();
        int appId = call.appId();
        List<String> tags = Objects.requireNonNullElse(Fields.optionalStrings(body, "Tags"), List.of());
        String problem = users.validator().checkTags(tags);
        if (problem != null) {
            throw Fields.invalid(problem);
        }
        String match = Objects.requireNonNullElse(Fields.optionalString(body, "TagMatch"), "all");
        if (!match.equals("all") && !match.equals("any")) {
            throw Fields.invalid("TagMatch: must be \"all\" or \"any\"");
        }
        String prefix = Fields.optionalString(body, "NickNamePrefix");
        if (prefix != null && prefix.codePointCount(0, prefix.length()) > limits.nickNameChars()) {
            throw Fields.invalid("NickNamePrefix: at most " + limits.nickNameChars() + " characters");
        }
        Long modifiedAfter = Fields.optionalInteger(body, "ModifiedAfter", 0, Long.MAX_VALUE);
        Long limit = Fields.optionalInteger(body, "Limit", 1, MAX_LIMIT);
        Boolean withTotal = Fields.optionalBoolean(body, "WithTotal");
        UserQuery query = UserQuery.of(appId, tags, match.equals("all"), prefix, modifiedAfter);
        String cursor = Fields.optionalString(body, "Cursor");
        long after = cursor == null ? 0 : Cursor.decode(cursor, query);

        UserPage page = users.query(query, after, limit == null ? DEFAULT_LIMIT : limit.intValue(),
                Boolean.TRUE.equals(withTotal));
        return new Result(page.users().stream().map(UserView::of).toList(),
                page.next() == null ? null : Cursor.encode(query, page.next()), page.total());
    }

    /** {@code NextCursor} is absent on the last page, {@code Total} unless {@code WithTotal} asked for it. */
    record Result(List<UserView> users, @JsonInclude(JsonInclude.Include.NON_NULL) String nextCursor,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long total) {}
}
