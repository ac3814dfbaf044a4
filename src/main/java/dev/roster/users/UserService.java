package dev.roster.users;

import dev.roster.store.Cause;
import dev.roster.store.Plan;
import dev.roster.store.Profile;
import dev.roster.store.UserPage;
import dev.roster.store.UserQuery;
import dev.roster.store.UserStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The five user operations over a {@link UserStore}. Each user of a batch is handled on its own: a
 * repeated id, an invalid field or a rule that refuses the change fails that user only, and is
 * reported in request order; everything that is accepted is written in one atomic store call.
 */
public final class UserService {
    private final UserStore store;
    private final Validator validator;
    private final ProfileRules rules;
    private final Clock clock;

    public UserService(UserStore store, Limits limits, Clock clock) {
        this.store = store;
        this.validator = new Validator(limits);
        this.rules = new ProfileRules(limits);
        this.clock = clock;
    }

    public Validator validator() {
        return validator;
    }

    public List<UserFailure> register(int appId, List<Entry<NewProfile>> entries, Cause cause) {
        return write(appId, entries, cause, true, validator::checkNew,
                (current, entry, now) -> rules.register(current, appId, entry.userId(), entry.input(), now));
    }

    public List<UserFailure> update(int appId, List<Entry<ProfilePatch>> entries, Cause cause) {
        return write(appId, entries, cause, false, validator::checkPatch,
                (current, entry, now) -> rules.update(current, entry.input(), now));
    }

    public List<UserFailure> unregister(int appId, List<Long> userIds, Cause cause) {
        return write(appId, entries(userIds, null), cause, false, input -> null,
                (current, entry, now) -> rules.unregister(current));
    }

    /** The change's tags must already have passed {@link Validator#checkTags}. */
    public List<UserFailure> changeTags(int appId, List<Long> userIds, TagChange change, Cause cause) {
        return write(appId, entries(userIds, change), cause, false, input -> null,
                (current, entry, now) -> rules.changeTags(current, entry.input(), now));
    }

    /** Removes every user of {@code appId}; returns how many there were. */
    public long removeApp(int appId, Cause cause) {
        return store.removeApp(appId, cause, clock.millis());
    }

    /** Registered users in request order, each once; the other ids, each once, in request order. */
    public Lookup get(int appId, List<Long> userIds) {
        Set<Long> distinct = new LinkedHashSet<>(userIds);
        Map<Long, Profile> stored = store.find(appId, distinct);
        List<Profile> found = new ArrayList<>();
        List<Long> notFound = new ArrayList<>();
        for (long userId : distinct) {
            Profile profile = stored.get(userId);
            if (profile != null) {
                found.add(profile);
            } else {
                notFound.add(userId);
            }
        }
        return new Lookup(found, notFound);
    }

    /** Registered users of {@code appId} after {@code afterUserId}, in user-id order, at most {@code limit}. */
    public List<Profile> list(int appId, long afterUserId, int limit) {
        return store.list(appId, afterUserId, limit);
    }

    /** A page of ListUsers: see {@link UserStore#query}. */
    public UserPage query(UserQuery query, long afterUserId, int limit, boolean withTotal) {
        return store.query(query, afterUserId, limit, withTotal);
    }

    /** What BatchGetUser found. */
    public record Lookup(List<Profile> found, List<Long> notFound) {}

    @FunctionalInterface
    private interface Rule<T> {
        Outcome apply(Profile current, Entry<T> entry, long now);
    }

    /**
     * Checks, plans and writes one batch. {@code registers}: the Action creates users, so that an entry's
     * {@code IfVersion} is checked for users not registered too (as Version 0); otherwise the rule's
     * {@code UserNotFound} comes first.
     */
    private <T> List<UserFailure> write(int appId, List<Entry<T>> entries, Cause cause, boolean registers,
            Function<T, String> check, Rule<T> rule) {
        UserFailure[] failures = new UserFailure[entries.size()];
        Map<Long, Integer> accepted = new LinkedHashMap<>();
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry<T> entry = entries.get(i);
            String problem;
            if (!seen.add(entry.userId())) {
                failures[i] = new UserFailure(entry.userId(), FailureCode.DUPLICATE_USER_ID,
                        "UserId appears earlier in this request");
            } else if ((problem = entry.isValid() ? check.apply(entry.input()) : entry.invalidReason()) != null) {
                failures[i] = new UserFailure(entry.userId(), FailureCode.INVALID_PARAM, problem);
            } else {
                accepted.put(entry.userId(), i);
            }
        }
        if (!accepted.isEmpty()) {
            Map<Integer, UserFailure> refused = store.modify(appId, accepted.keySet(), current -> {
                long now = clock.millis();
                Map<Integer, UserFailure> fails = new LinkedHashMap<>();
                List<Profile> puts = new ArrayList<>();
                List<Long> deletes = new ArrayList<>();
                accepted.forEach((userId, index) -> {
                    Profile stored = current.get(userId);
                    Entry<T> entry = entries.get(index);
                    Outcome outcome = conflict(stored, entry.ifVersion(), registers);
                    if (outcome == null) {
                        outcome = rule.apply(stored, entry, now);
                    }
                    if (outcome instanceof Outcome.Put put) {
                        puts.add(put.profile());
                    } else if (outcome instanceof Outcome.Delete) {
                        deletes.add(userId);
                    } else if (outcome instanceof Outcome.Fail fail) {
                        fails.put(index, new UserFailure(userId, fail.code(), fail.message()));
                    }
                });
                return new Plan<>(fails, puts, deletes, cause, now);
            });
            refused.forEach((index, failure) -> failures[index] = failure);
        }
        return Arrays.stream(failures).filter(Objects::nonNull).toList();
    }

    /** The VersionConflict of a user not at {@code ifVersion}, or null when the write may go ahead. */
    private static Outcome conflict(Profile stored, Long ifVersion, boolean registers) {
        if (ifVersion == null || (stored == null && !registers)) {
            return null;
        }
        long version = stored == null ? 0 : stored.version();
        if (version == ifVersion) {
            return null;
        }
        return new Outcome.Fail(FailureCode.VERSION_CONFLICT, stored == null
                ? "user is not registered (Version 0); IfVersion was " + ifVersion
                : "user is at Version " + version + "; IfVersion was " + ifVersion);
    }

    private static <T> List<Entry<T>> entries(List<Long> userIds, T input) {
        return userIds.stream().map(id -> Entry.of(id, input)).toList();
    }
}
