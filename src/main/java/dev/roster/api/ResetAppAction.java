package dev.roster.api;

import dev.roster.errors.ApiError;
import dev.roster.users.UserService;
import java.util.Map;

/**
 * ResetApp (Roster's own, {@code Version=2026-11-01}): removes every user of one app, for test suites
 * that share a server. Root key only: any other key, even one scoped to every AppId, gets NoAuth.
 * Answers {@code "Result": {"RemovedUsers": N}}.
 */
final class ResetAppAction implements RosterAction {
    static final String NAME = "ResetApp";

    private final UserService users;

    ResetAppAction(UserService users) {
        this.users = users;
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
        return Map.of("RemovedUsers", users.removeApp(appId, call.cause()));
    }
}
