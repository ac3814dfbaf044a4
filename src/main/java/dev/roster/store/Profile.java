package dev.roster.store;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One registered user as stored: identity, the profile fields clients set, and the bookkeeping the
 * server keeps ({@code createTime}, {@code modifyTime} in epoch milliseconds; {@code version} grows
 * by one on every real change and guards concurrent writers).
 *
 * <p>{@code tags} keeps first-seen order without duplicates; {@code ext} keeps insertion order.
 */
public record Profile(
        int appId,
        long userId,
        String nickName,
        String portrait,
        List<String> tags,
        Map<String, String> ext,
        boolean isRobot,
        long createTime,
        long modifyTime,
        long version) {

    public Profile {
        Objects.requireNonNull(nickName, "nickName");
        Objects.requireNonNull(portrait, "portrait");
        tags = List.copyOf(tags);
        ext = Collections.unmodifiableMap(new LinkedHashMap<>(ext));
    }

    /** True when the client-visible fields are equal; bookkeeping fields are ignored. */
    public boolean sameContentAs(Profile other) {
        return nickName.equals(other.nickName)
                && portrait.equals(other.portrait)
                && tags.equals(other.tags)
                && ext.equals(other.ext)
                && isRobot == other.isRobot;
    }
}
