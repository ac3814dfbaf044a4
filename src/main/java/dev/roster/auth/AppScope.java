package dev.roster.auth;

import java.util.Set;
import java.util.TreeSet;

/** The AppIds an access key may use: all of them, or a fixed set. */
public record AppScope(boolean all, Set<Integer> appIds) {
    public static final AppScope ALL = new AppScope(true, Set.of());

    public AppScope {
        appIds = Set.copyOf(appIds);
    }

    public static AppScope of(Set<Integer> appIds) {
        return new AppScope(false, appIds);
    }

    public boolean allows(int appId) {
        return all || appIds.contains(appId);
    }

    @Override
    public String toString() {
        return all ? "*" : new TreeSet<>(appIds).toString();
    }
}
