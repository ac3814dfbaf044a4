package dev.roster.store;

import dev.roster.text.CaseFolding;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which users of an app ListUsers asks for: those holding all (or any) of {@code tags} (no tags: every
 * user), whose folded NickName starts with {@code nickPrefix} (already folded; empty: any), modified after
 * {@code modifiedAfter} (epoch ms; null: any time). Results always come in UserId order.
 */
public record UserQuery(int appId, List<String> tags, boolean matchAll, String nickPrefix, Long modifiedAfter) {

    public UserQuery {
        tags = List.copyOf(new LinkedHashSet<>(tags));
        Objects.requireNonNull(nickPrefix, "nickPrefix");
    }

    /** A query whose {@code nickPrefix} is folded here ({@link CaseFolding}); null means none. */
    public static UserQuery of(int appId, List<String> tags, boolean matchAll, String nickPrefix, Long modifiedAfter) {
        return new UserQuery(appId, tags, matchAll, nickPrefix == null ? "" : CaseFolding.fold(nickPrefix),
                modifiedAfter);
    }

    /** Every user of the app. */
    public static UserQuery all(int appId) {
        return new UserQuery(appId, List.of(), true, "", null);
    }

    /** True when {@code p} is one of the users this query asks for. */
    public boolean matches(Profile p) {
        if (p.appId() != appId) {
            return false;
        }
        if (!tags.isEmpty() && (matchAll ? !p.tags().containsAll(tags) : tags.stream().noneMatch(p.tags()::contains))) {
            return false;
        }
        if (!CaseFolding.fold(p.nickName()).startsWith(nickPrefix)) {
            return false;
        }
        return modifiedAfter == null || p.modifyTime() > modifiedAfter;
    }

    /** The same query in a canonical form (tags sorted): two queries that ask for the same users are equal. */
    public UserQuery canonical() {
        List<String> sorted = new ArrayList<>(tags);
        sorted.sort(null);
        return new UserQuery(appId, sorted, matchAll || sorted.size() <= 1, nickPrefix, modifiedAfter);
    }
}
