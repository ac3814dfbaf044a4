package dev.roster.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.users.Limits;
import dev.roster.users.ProfilePatch;
import dev.roster.users.UserService;

/** BatchUpdateUser: changes the given fields of registered users (rules in ProfileRules#update). */
final class BatchUpdateUserAction implements Action {
    private final UserService users;
    private final Limits limits;

    BatchUpdateUserAction(UserService users, Limits limits) {
        this.users = users;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "BatchUpdateUser";
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        var entries = Items.read(call.body(), "Users", limits.updateUsers(), BatchUpdateUserAction::decode);
        return FailedInfosResult.of(users.update(appId, entries, call.cause()));
    }

    private static ProfilePatch decode(ObjectNode item) {
        return new ProfilePatch(
                Fields.optionalString(item, "NickName"),
                Fields.optionalString(item, "Portrait"),
                Fields.optionalStrings(item, "Tags"),
                Fields.optionalStringMap(item, "Ext"));
    }
}
