package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Appends change events to {@code user_events} inside the transaction of the change itself (the
 * transactional outbox): the event commits with the change or not at all.
 */
final class Outbox {
    static final String REGISTERED = "user.registered";
    static final String UPDATED = "user.updated";
    static final String UNREGISTERED = "user.unregistered";
    static final String BROADCAST_ACCEPTED = "broadcast.accepted";
    static final String BROADCAST_READY = "broadcast.ready";
    private static final String INSERT = "INSERT INTO user_events"
            + " (event_id, app_id, user_id, type, time, action, request_id, before, after)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final StatementCache statements;

    Outbox(StatementCache statements) {
        this.statements = statements;
    }

    /** The events of a plan that was just written: one per profile put (registered or updated) and per delete. */
    void append(Connection connection, int appId, Map<Long, Profile> current, Plan<?> plan) throws SQLException {
        PreparedStatement insert = statements.prepare(connection, INSERT);
        insert.clearBatch();
        for (Profile after : plan.puts()) {
            Profile before = current.get(after.userId());
            add(insert, appId, after.userId(), before == null ? REGISTERED : UPDATED, plan.cause(), plan.time(),
                    before, after);
        }
        for (long userId : plan.deletes()) {
            add(insert, appId, userId, UNREGISTERED, plan.cause(), plan.time(), current.get(userId), null);
        }
        insert.executeBatch();
    }

    /**
     * Appends the event {@code type} of a broadcast, UserId 0 (no user has it), the broadcast as
     * {@link BroadcastJson} shows it at {@code time} in {@code after}; returns the event's id.
     */
    String appendBroadcast(Connection connection, String type, Broadcast broadcast, Cause cause, long time)
            throws SQLException {
        PreparedStatement insert = statements.prepare(connection, INSERT);
        insert.clearBatch();
        String eventId = add(insert, broadcast.appId(), 0, type, cause, time, null,
                BroadcastJson.of(broadcast, time));
        insert.executeBatch();
        return eventId;
    }

    /** Adds the event of one removed user to a batch of {@link #removals}. */
    void addRemoval(PreparedStatement batch, Profile before, Cause cause, long time) throws SQLException {
        add(batch, before.appId(), before.userId(), UNREGISTERED, cause, time, before, null);
    }

    /** An empty batch of events, to fill with {@link #addRemoval} and execute. */
    PreparedStatement removals(Connection connection) throws SQLException {
        PreparedStatement insert = statements.prepare(connection, INSERT);
        insert.clearBatch();
        return insert;
    }

    private static void add(PreparedStatement insert, int appId, long userId, String type, Cause cause, long time,
            Profile before, Profile after) throws SQLException {
        add(insert, appId, userId, type, cause, time, before == null ? null : JsonColumns.profile(before),
                after == null ? null : JsonColumns.profile(after));
    }

    private static String add(PreparedStatement insert, int appId, long userId, String type, Cause cause, long time,
            String before, String after) throws SQLException {
        String eventId = newEventId(time);
        insert.setString(1, eventId);
        insert.setInt(2, appId);
        insert.setLong(3, userId);
        insert.setString(4, type);
        insert.setLong(5, time);
        insert.setString(6, cause.action());
        insert.setString(7, cause.requestId());
        insert.setString(8, before);
        insert.setString(9, after);
        insert.addBatch();
        return eventId;
    }

    /**
     * {@code evt_} and 26 characters: the time in ms and 80 random bits in Crockford's base32, as a ULID
     * is. Unique without asking the database, and so also across a restore from backup, which brings
     * back older sequence numbers: receivers that dedupe by id never drop a new event as a repeat.
     */
    static String newEventId(long time) {
        char[] id = new char[30];
        id[0] = 'e';
        id[1] = 'v';
        id[2] = 't';
        id[3] = '_';
        for (int i = 13; i >= 4; i--) {
            id[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 14; i < 30; i++) {
            long bits = i < 22 ? high >>> ((i - 14) * 5) : low >>> ((i - 22) * 5);
            id[i] = CROCKFORD[(int) (bits & 31)];
        }
        return new String(id);
    }
}
