package dev.roster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.roster.broadcasts.Broadcasts;
import dev.roster.errors.ApiError;
import dev.roster.users.UserService;

/**
 * ResetApp (Roster's own, {@code Version=2026-11-01}): removes every user of one app and its broadcasts,
 * for test suites that share a server. Root key only: any other key, even one scoped to every AppId, gets
 * NoAuth. Answers {@code "Result": {"RemovedUsers": N, "RemovedBroadcasts": M}}.
 */
final class ResetAppAction implements RosterAction {
    static final String NAME = "ResetApp";

    private final UserService users;
    private final Broadcasts broadcasts;

    /** {@code broadcasts} may be null: a store without them. */
    ResetAppAction(UserService users, Broadcasts broadcasts) {
        this.users = users;
        this.broadcasts = broadcasts;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        if (!call.root()) {
            throw ApiError.NO_AUTH.exception("ResetApp needs the root key");
        }
        long removedUsers = users.removeApp(appId, call.cause());
        return new Result(removedUsers, broadcasts == null ? null : broadcasts.removeApp(appId));
    }

    record Result(long removedUsers, @JsonInclude(JsonInclude.Include.NON_NULL) Long removedBroadcasts) {}
}
