package dev.roster.api;

import dev.roster.users.Limits;
import dev.roster.users.UserService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Actions Roster implements, by name, all under the one API version Volcengine defines for them. */
public final class Actions {
    public static final String VERSION = "2020-12-01";
    public static final List<String> USER_ACTIONS =
            List.of("RegisterUsers", "BatchUpdateUser", "BatchGetUser", "UnRegisterUsers", "BatchUpdateUserTags");

    private final Map<String, Action> byName = new LinkedHashMap<>();

    public Actions(List<Action> actions) {
        for (Action action : actions) {
            if (byName.put(action.name(), action) != null) {
                throw new IllegalArgumentException("two handlers for " + action.name());
            }
        }
    }

    /** The user-profile family: RegisterUsers, BatchUpdateUser, BatchGetUser, UnRegisterUsers, BatchUpdateUserTags. */
    public static Actions userActions(UserService users, Limits limits) {
        return new Actions(List.of(
                new RegisterUsersAction(users, limits),
                new BatchUpdateUserAction(users, limits),
                new BatchGetUserAction(users, limits),
                new UnRegisterUsersAction(users, limits),
                new BatchUpdateUserTagsAction(users, limits)));
    }

    /** The handler for {@code name} at {@code version}, if Roster implements that pair. */
    public Optional<Action> find(String name, String version) {
        return VERSION.equals(version) ? Optional.ofNullable(byName.get(name)) : Optional.empty();
    }
}
