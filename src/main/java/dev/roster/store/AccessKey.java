package dev.roster.store;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An access key as stored. {@code secret} is what the store holds (sealed when a master key is set);
 * {@code apps} is the set of AppIds the key may use, or {@code null} for every AppId.
 * {@link #toString()} never shows the secret.
 */
public record AccessKey(String accessKeyId, String secret, Set<Integer> apps, boolean enabled, boolean root,
        long createdTime) {

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secret, "secret");
        apps = apps == null ? null : Set.copyOf(apps);
    }

    public boolean allApps() {
        return apps == null;
    }

    public AccessKey withSecret(String secret) {
        return new AccessKey(accessKeyId, secret, apps, enabled, root, createdTime);
    }

    /** The scope as the command line shows it: {@code *} or the sorted AppIds. */
    public String scopeText() {
        return apps == null ? "*" : String.join(",", new TreeSet<>(apps).stream().map(String::valueOf).toList());
    }

    @Override
    public String toString() {
        return "AccessKey[" + accessKeyId + ", apps=" + scopeText() + ", enabled=" + enabled + ", root=" + root + "]";
    }
}
