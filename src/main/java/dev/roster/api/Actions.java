package dev.roster.api;

import dev.roster.broadcasts.Broadcasts;
import dev.roster.events.EventFeed;
import dev.roster.users.Limits;
import dev.roster.users.UserService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Actions Roster implements, by name. Volcengine's live under the version Volcengine defines for them,
 * Roster's own under {@link #ROSTER_VERSION}; a name is known under its own version only.
 */
public final class Actions {
    public static final String VERSION = "2020-12-01";
    /** The version of the Actions Roster adds (decisions.md, "Roster's own Actions"). */
    public static final String ROSTER_VERSION = "2026-11-01";
    public static final List<String> USER_ACTIONS =
            List.of("RegisterUsers", "BatchUpdateUser", "BatchGetUser", "UnRegisterUsers", "BatchUpdateUserTags");
    /**
     * Every Action a server answers: the user family with UserBroadcast, and Roster's own ({@code ListUsers},
     * {@code ResetApp}, {@code ListUserEvents}, {@code ListBroadcasts}, {@code ListBroadcastRecipients}).
     */
    public static final List<String> ALL = Stream.concat(USER_ACTIONS.stream(),
            Stream.of(UserBroadcastAction.NAME, ListUsersAction.NAME, ResetAppAction.NAME, ListUserEventsAction.NAME,
                    ListBroadcastsAction.NAME, ListBroadcastRecipientsAction.NAME)).toList();
    /** The Actions a server started with {@code --bench-noop} answers. */
    public static final List<String> ALL_AND_BENCH_NOOP =
            Stream.concat(ALL.stream(), Stream.of(BenchNoopAction.NAME)).toList();

    private final Map<String, Action> byName = new LinkedHashMap<>();

    public Actions(List<Action> actions) {
        for (Action action : actions) {
            if (byName.put(action.name(), action) != null) {
                throw new IllegalArgumentException("two handlers for " + action.name());
            }
        }
    }

    /**
     * The user-profile family (RegisterUsers, BatchUpdateUser, BatchGetUser, UnRegisterUsers,
     * BatchUpdateUserTags) and Roster's own ListUsers and ResetApp; ListUserEvents over {@code feed} and the
     * broadcast Actions (UserBroadcast, ListBroadcasts, ListBroadcastRecipients) over {@code broadcasts},
     * unless they are null.
     */
    public static Actions userActions(UserService users, Limits limits, EventFeed feed, Broadcasts broadcasts) {
        List<Action> actions = new ArrayList<>(List.of(
                new RegisterUsersAction(users, limits),
                new BatchUpdateUserAction(users, limits),
                new BatchGetUserAction(users, limits),
                new UnRegisterUsersAction(users, limits),
                new BatchUpdateUserTagsAction(users, limits),
                new ListUsersAction(users, limits),
                new ResetAppAction(users, broadcasts)));
        if (feed != null) {
            actions.add(new ListUserEventsAction(feed));
        }
        if (broadcasts != null) {
            actions.add(new UserBroadcastAction(broadcasts, limits));
            actions.add(new ListBroadcastsAction(broadcasts));
            actions.add(new ListBroadcastRecipientsAction(broadcasts));
        }
        return new Actions(actions);
    }

    /** These Actions and {@code more}. */
    public Actions with(Action... more) {
        List<Action> all = new ArrayList<>(byName.values());
        all.addAll(List.of(more));
        return new Actions(all);
    }

    /** The handler for {@code name} at {@code version}, if Roster implements that pair. */
    public Optional<Action> find(String name, String version) {
        return Optional.ofNullable(byName.get(name)).filter(action -> action.version().equals(version));
    }
}
