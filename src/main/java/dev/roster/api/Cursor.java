package dev.roster.api;

import dev.roster.store.UserQuery;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code Cursor} of Roster's lists (ListUsers, ListBroadcasts, ListBroadcastRecipients): opaque to
 * clients, keyset-based inside: the position the next page starts after (a UserId, or a broadcast's
 * number), and a check (the first 12 bytes of a SHA-256 over that position and the list's scope in
 * canonical form: for ListUsers the whole query) that refuses a cursor that was altered or made for another
 * list. 29 bytes in base64url, without padding.
 *
 * <p>The check is not a secret: a client that forged a cursor would gain nothing but a position to start
 * after, which the scope of its key bounds anyway.
 */
final class Cursor {
    private static final byte FORMAT = 1;
    private static final int CHECK_BYTES = 12;
    private static final int LENGTH = 1 + Long.BYTES + CHECK_BYTES;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final String QUERY_REFUSAL = "pass the NextCursor of the page before, with the same AppId, Tags,"
            + " TagMatch, NickNamePrefix and ModifiedAfter";

    private Cursor() {}

    static String encode(UserQuery query, long afterUserId) {
        return encode(scope(query), afterUserId);
    }

    /** The UserId {@code cursor} says to start after; {@code InvalidParam} unless {@link #encode} made it for {@code query}. */
    static long decode(String cursor, UserQuery query) {
        return decode(cursor, scope(query), QUERY_REFUSAL);
    }

    /** A cursor of the list {@code scope} names, to start after {@code position}. */
    static String encode(String scope, long position) {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH).put(FORMAT).putLong(position).put(check(scope, position));
        return ENCODER.encodeToString(bytes.array());
    }

    /**
     * The position {@code cursor} says to start after; {@code InvalidParam} (with {@code hint}) unless
     * {@link #encode} made it for {@code scope}.
     */
    static long decode(String cursor, String scope, String hint) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw refused(hint);
        }
        if (bytes.length != LENGTH || bytes[0] != FORMAT) {
            throw refused(hint);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 1, LENGTH - 1);
        long position = buffer.getLong();
        byte[] check = Arrays.copyOfRange(bytes, 1 + Long.BYTES, LENGTH);
        if (position < 0 || !MessageDigest.isEqual(check, check(scope, position))) {
            throw refused(hint);
        }
        return position;
    }

    private static String scope(UserQuery query) {
        UserQuery q = query.canonical();
        StringBuilder text = new StringBuilder("ListUsers/").append(FORMAT).append('/').append(q.appId())
                .append('/').append(q.matchAll() ? "all" : "any").append('/').append(q.tags().size());
        for (String tag : q.tags()) {
            text.append('/').append(tag.length()).append(':').append(tag);
        }
        return text.append('/').append(q.nickPrefix().length()).append(':').append(q.nickPrefix())
                .append('/').append(q.modifiedAfter()).toString();
    }

    private static byte[] check(String scope, long position) {
        String text = scope + "/" + position;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Arrays.copyOf(digest, CHECK_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static RuntimeException refused(String hint) {
        return Fields.invalid("Cursor: not a cursor of this query (" + hint + ")");
    }
}
