package dev.roster.api;

import dev.roster.store.UserQuery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * ListUsers' {@code Cursor}: opaque to clients, keyset-based inside: the UserId the next page starts after,
 * and a check (the first 12 bytes of a SHA-256 over that UserId and the query in canonical form) that
 * refuses a cursor that was altered or made for another query. 29 bytes in base64url, without padding.
 *
 * <p>The check is not a secret: a client that forged a cursor would gain nothing but a UserId to start
 * after, which {@code ModifiedAfter} and the scope of its key bound anyway.
 */
final class UserCursor {
    private static final byte FORMAT = 1;
    private static final int CHECK_BYTES = 12;
    private static final int LENGTH = 1 + Long.BYTES + CHECK_BYTES;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private UserCursor() {}

    static String encode(UserQuery query, long afterUserId) {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH).put(FORMAT).putLong(afterUserId)
                .put(check(query, afterUserId));
        return ENCODER.encodeToString(bytes.array());
    }

    /** The UserId {@code cursor} says to start after; {@code InvalidParam} unless {@link #encode} made it for {@code query}. */
    static long decode(String cursor, UserQuery query) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw refused();
        }
        if (bytes.length != LENGTH || bytes[0] != FORMAT) {
            throw refused();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long after = buffer.getLong();
        byte[] check = Arrays.copyOfRange(bytes, 1 + Long.BYTES, LENGTH);
        if (after < 0 || !MessageDigest.isEqual(check, check(query, after))) {
            throw refused();
        }
        return after;
    }

    private static byte[] check(UserQuery query, long afterUserId) {
        UserQuery q = query.canonical();
        StringBuilder text = new StringBuilder("ListUsers/").append(FORMAT).append('/').append(q.appId())
                .append('/').append(q.matchAll() ? "all" : "any").append('/').append(q.tags().size());
        for (String tag : q.tags()) {
            text.append('/').append(tag.length()).append(':').append(tag);
        }
        text.append('/').append(q.nickPrefix().length()).append(':').append(q.nickPrefix())
                .append('/').append(q.modifiedAfter()).append('/').append(afterUserId);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, CHECK_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static RuntimeException refused() {
        return Fields.invalid("Cursor: not a cursor of this query (pass the NextCursor of the page before, with the same"
                + " AppId, Tags, TagMatch, NickNamePrefix and ModifiedAfter)");
    }
}
