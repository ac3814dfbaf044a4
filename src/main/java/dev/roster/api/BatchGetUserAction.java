package dev.roster.api;

import dev.roster.users.Limits;
import dev.roster.users.UserService;

/** BatchGetUser: the stored profiles of registered users, and the ids that are not registered. */
final class BatchGetUserAction implements Action {
    private final UserService users;
    private final Limits limits;

    BatchGetUserAction(UserService users, Limits limits) {
        this.users = users;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "BatchGetUser";
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        var ids = Fields.userIds(call.body(), "UserIds", limits.getUsers());
        UserService.Lookup lookup = users.get(appId, ids);
        return new BatchGetUserResult(lookup.found().stream().map(UserView::of).toList(), lookup.notFound());
    }
}
