package dev.roster.api;

import dev.roster.users.Limits;
import dev.roster.users.UserService;

/** UnRegisterUsers: removes registered users. */
final class UnRegisterUsersAction implements Action {
    private final UserService users;
    private final Limits limits;

    UnRegisterUsersAction(UserService users, Limits limits) {
        this.users = users;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "UnRegisterUsers";
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        var ids = Fields.userIds(call.body(), "UserIds", limits.unregisterUsers());
        return FailedInfosResult.of(users.unregister(appId, ids, call.cause()));
    }
}
