package dev.roster.users;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request and profile limits of decisions.md, each configurable. Batch sizes bound the arrays of
 * one request; the others bound one user's profile, but the last, which bounds a broadcast's Content. Lengths of text are counted in Unicode code
 * points, Ext keys and values in UTF-8 bytes.
 */
public record Limits(
        int registerUsers,
        int updateUsers,
        int unregisterUsers,
        int getUsers,
        int tagUsers,
        int nickNameChars,
        int portraitChars,
        int tagsPerUser,
        int tagChars,
        int extKeys,
        int extKeyBytes,
        int extValueBytes,
        int broadcastContentBytes) {

    public static final Limits DEFAULTS = new Limits(20, 10, 10, 50, 50, 100, 500, 100, 128, 20, 50, 500,
            64 * 1024);

    /** The names used on the command line ({@code --limit name=N}), in component order. */
    private static final List<String> NAMES = List.of("register-users", "update-users", "unregister-users",
            "get-users", "tag-users", "nick-name-chars", "portrait-chars", "tags-per-user", "tag-chars", "ext-keys",
            "ext-key-bytes", "ext-value-bytes", "broadcast-content-bytes");

    public Limits {
        int[] values = {registerUsers, updateUsers, unregisterUsers, getUsers, tagUsers, nickNameChars,
            portraitChars, tagsPerUser, tagChars, extKeys, extKeyBytes, extValueBytes, broadcastContentBytes};
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 1) {
                throw new IllegalArgumentException("limit " + NAMES.get(i) + " must be at least 1, got " + values[i]);
            }
        }
    }

    /** Every limit by its command-line name. */
    public Map<String, Integer> asMap() {
        int[] values = {registerUsers, updateUsers, unregisterUsers, getUsers, tagUsers, nickNameChars,
            portraitChars, tagsPerUser, tagChars, extKeys, extKeyBytes, extValueBytes, broadcastContentBytes};
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(NAMES.get(i), values[i]);
        }
        return map;
    }

    /** These limits with some replaced by name; unknown names are rejected. */
    public Limits with(Map<String, Integer> overrides) {
        Map<String, Integer> all = asMap();
        overrides.forEach((name, value) -> {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown limit '" + name + "'; known limits: " + String.join(", ", NAMES));
            }
            all.put(name, value);
        });
        int[] v = all.values().stream().mapToInt(Integer::intValue).toArray();
        return new Limits(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12]);
    }
}
