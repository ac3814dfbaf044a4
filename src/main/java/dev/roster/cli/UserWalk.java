package dev.roster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.client.RosterClient;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks the users of an app through ListUsers, a page at a time, for {@code users list} and {@code export}.
 * A page may hold fewer users than asked for, even none, while {@code NextCursor} is present (a filtered
 * query reads at most a window of candidates per page): so the walk ends only when {@code NextCursor} is
 * absent, or when it has given as many users as it was asked to. A throttled page is asked again after
 * {@code Retry-After}; any other error is a {@link CommandFailure} naming its Code and Message.
 */
final class UserWalk {
    /** ListUsers' largest {@code Limit}: the fewest calls for a walk. */
    static final int MAX_PAGE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which users: ListUsers' filters; an empty list or null means the filter is not given. */
    record Query(int appId, List<String> tags, boolean matchAll, String nickPrefix, Long modifiedAfter) {
        static Query everyone(int appId) {
            return new Query(appId, List.of(), true, null, null);
        }

        ObjectNode body() {
            ObjectNode body = JSON.createObjectNode().put("AppId", appId);
            if (!tags.isEmpty()) {
                tags.forEach(body.putArray("Tags")::add);
                body.put("TagMatch", matchAll ? "all" : "any");
            }
            if (nickPrefix != null) {
                body.put("NickNamePrefix", nickPrefix);
            }
            if (modifiedAfter != null) {
                body.put("ModifiedAfter", modifiedAfter);
            }
            return body;
        }
    }

    /** How a walk ended: the users it gave, and whether it stopped at its limit while more may have followed. */
    record Walked(long users, boolean stoppedAtLimit) {}

    private final ClientOptions options;
    private final RosterClient client;
    private final int pageSize;

    UserWalk(ClientOptions options, Environment env, int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " users, not " + pageSize);
        }
        this.options = options;
        this.client = options.client(env);
        this.pageSize = pageSize;
    }

    /** Gives {@code each} the users of {@code query} in UserId order, as ListUsers returns them, at most {@code limit}. */
    Walked walk(Query query, long limit, Consumer<JsonNode> each) throws InterruptedException {
        long given = 0;
        String cursor = null;
        do {
            ObjectNode body = query.body().put("Limit", (int) Math.min(pageSize, limit - given));
            if (cursor != null) {
                body.put("Cursor", cursor);
            }
            JsonNode result = page(body);
            JsonNode users = result.path("Users");
            for (int i = 0; i < users.size(); i++) {
                if (given == limit) {
                    return new Walked(given, true);
                }
                each.accept(users.get(i));
                given++;
            }
            cursor = result.path("NextCursor").isTextual() ? result.path("NextCursor").asText() : null;
        } while (cursor != null && given < limit);
        return new Walked(given, cursor != null);
    }

    private JsonNode page(ObjectNode body) throws InterruptedException {
        return ClientOptions.checked(options.sendWaiting(client, "ListUsers", Actions.ROSTER_VERSION,
                UserCalls.bytes(body))).result();
    }
}
