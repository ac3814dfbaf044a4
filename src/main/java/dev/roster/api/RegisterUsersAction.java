package dev.roster.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.users.Limits;
import dev.roster.users.NewProfile;
import dev.roster.users.UserService;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** RegisterUsers: creates users, or replaces the whole profile of users already registered. */
final class RegisterUsersAction implements Action {
    private final UserService users;
    private final Limits limits;

    RegisterUsersAction(UserService users, Limits limits) {
        this.users = users;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "RegisterUsers";
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        var entries = Items.read(call.body(), "Users", limits.registerUsers(), RegisterUsersAction::decode);
        return FailedInfosResult.of(users.register(appId, entries, call.cause()));
    }

    static NewProfile decode(ObjectNode item) {
        return new NewProfile(
                Objects.requireNonNullElse(Fields.optionalString(item, "NickName"), ""),
                Objects.requireNonNullElse(Fields.optionalString(item, "Portrait"), ""),
                Objects.requireNonNullElse(Fields.optionalStrings(item, "Tags"), List.of()),
                Objects.requireNonNullElse(Fields.optionalStringMap(item, "Ext"), Map.of()),
                Objects.requireNonNullElse(Fields.optionalBoolean(item, "IsRobot"), false));
    }
}
