package dev.roster.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What a UserBroadcast asks to send, as Volcengine defines it: the inbox, the sending user, how long the
 * message lives (seconds), its type and content, the audience's Tags ({@code tagOp} 0: any of them, 1: all;
 * no tags: every registered user) and Ext. Tags are distinct, in the order first given.
 */
public record BroadcastMessage(int inboxType, long sender, long msgTtl, int msgType, String content, int tagOp,
        List<String> tags, Map<String, String> ext) {
    public static final int ANY = 0;
    public static final int ALL = 1;

    public BroadcastMessage {
        tags = List.copyOf(tags);
        ext = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ext));
    }

    /** True when a user holding {@code userTags} is in the audience. */
    public boolean matches(Collection<String> userTags) {
        if (tags.isEmpty()) {
            return true;
        }
        if (tagOp == ALL) {
            return userTags.containsAll(tags);
        }
        for (String tag : tags) {
            if (userTags.contains(tag)) {
                return true;
            }
        }
        return false;
    }

    /** The audience as a {@link UserQuery} over the tag index: any or all of the tags, or the whole app. */
    UserQuery audience(int appId) {
        return UserQuery.of(appId, tags, tagOp == ALL, null, null);
    }
}
