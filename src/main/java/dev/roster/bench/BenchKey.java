package dev.roster.bench;

import dev.roster.auth.Credentials;
import java.util.List;

/** An access key the bench signs with, and the AppIds it may use; empty apps means every AppId. */
public record BenchKey(Credentials credentials, List<Integer> apps) {

    public BenchKey {
        apps = List.copyOf(apps);
        if (apps.stream().anyMatch(app -> app < 1)) {
            throw new IllegalArgumentException("AppIds are integers from 1 to 2147483647");
        }
    }

    /** A key that may use every AppId, such as the root key. */
    public static BenchKey everyApp(Credentials credentials) {
        return new BenchKey(credentials, List.of());
    }

    /** The AppIds this key works in: its own, or {@code everyAppKeyApps} when it may use every AppId. */
    List<Integer> appsOr(List<Integer> everyAppKeyApps) {
        return apps.isEmpty() ? everyAppKeyApps : apps;
    }
}
