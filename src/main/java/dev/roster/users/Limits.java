package dev.roster.users;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request and profile limits of decisions.md, each configurable. Batch sizes bound the arrays of
 * one request; the others bound one user's profile. Lengths of text are counted in Unicode code
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
        int extValueBytes) {

    public static final Limits DEFAULTS = new Limits(20, 10, 10, 50, 50, 100, 500, 100, 128, 20, 50, 500);

    public Limits {
        Map<String, Integer> all = asMap(registerUsers, updateUsers, unregisterUsers, getUsers, tagUsers,
                nickNameChars, portraitChars, tagsPerUser, tagChars, extKeys, extKeyBytes, extValueBytes);
        all.forEach((name, value) -> {
            if (value < 1) {
                throw new IllegalArgumentException("limit " + name + " must be at least 1, got " + value);
            }
        });
    }

    /** Every limit by the name used on the command line ({@code --limit name=N}). */
    public Map<String, Integer> asMap() {
        return asMap(registerUsers, updateUsers, unregisterUsers, getUsers, tagUsers, nickNameChars,
                portraitChars, tagsPerUser, tagChars, extKeys, extKeyBytes, extValueBytes);
    }

    /** These limits with some replaced by name; unknown names are rejected. */
    public Limits with(Map<String, Integer> overrides) {
        Map<String, Integer> all = asMap();
        overrides.forEach((name, value) -> {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException(
                        "unknown limit '" + name + "'; known limits: " + String.join(", ", all.keySet()));
            }
            all.put(name, value);
        });
        return new Limits(all.get("register-users"), all.get("update-users"), all.get("unregister-users"),
                all.get("get-users"), all.get("tag-users"), all.get("nick-name-chars"),
                all.get("portrait-chars"), all.get("tags-per-user"), all.get("tag-chars"),
                all.get("ext-keys"), all.get("ext-key-bytes"), all.get("ext-value-bytes"));
    }

    private static Map<String, Integer> asMap(int... values) {
        String[] names = {"register-users", "update-users", "unregister-users", "get-users", "tag-users",
            "nick-name-chars", "portrait-chars", "tags-per-user", "tag-chars", "ext-keys", "ext-key-bytes",
            "ext-value-bytes"};
        Map<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }
}
