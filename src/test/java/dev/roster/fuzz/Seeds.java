package dev.roster.fuzz;

import dev.roster.store.Profile;
import dev.roster.users.Limits;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every fuzzed request starts from: small limits, so that short inputs reach every limit, and a few
 * registered users in AppIds 1 and 2 (one already at the tag limit), so that updates find someone.
 */
final class Seeds {
    /** Register 4, update 4, unregister 4, get 6, tag 6; NickName 12, Portrait 24, 4 tags of 10, Ext 3 keys of 8/16 bytes. */
    static final Limits LIMITS = new Limits(4, 4, 4, 6, 6, 12, 24, 4, 10, 3, 8, 16, 64);
    static final long TIME = 1_764_000_000_000L;

    private Seeds() {}

    static List<Profile> users() {
        return List.of(
                profile(1, 1, "one", "p1", List.of("a", "b"), Map.of("k", "v")),
                profile(1, 2, "", "", List.of(), Map.of()),
                profile(1, 3, "full", "", List.of("t1", "t2", "t3", "t4"), Map.of("x", "1", "y", "2", "z", "3")),
                profile(2, 1, "other app", "", List.of("a"), Map.of()));
    }

    private static Profile profile(int appId, long userId, String nickName, String portrait, List<String> tags,
            Map<String, String> ext) {
        return new Profile(appId, userId, nickName, portrait, tags, new LinkedHashMap<>(ext), false, TIME, TIME, 1);
    }
}
