package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link BroadcastStore} over the SQL SQLite and PostgreSQL share, through the same {@link Transactions}
 * as the user and event stores (on SQLite, the one writer and its groups).
 */
final class JdbcBroadcastStore implements BroadcastStore {
    private static final String COLUMNS = "id, broadcast_id, app_id, time, inbox_type, sender, msg_ttl, msg_type,"
            + " content, tag_op, tags, ext, request_id, access_key_id, event_id, status, cursor, audience_size,"
            + " ready_time";
    private static final String INSERT = "INSERT INTO broadcasts (broadcast_id, app_id, time, expire_time, inbox_type,"
            + " sender, msg_ttl, msg_type, content, tag_op, tags, ext, request_id, access_key_id, event_id, status)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM broadcasts WHERE broadcast_id = ? AND app_id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM broadcasts WHERE app_id = ? AND id < ?"
            + " ORDER BY id DESC LIMIT ?";
    private static final String PENDING = "SELECT " + COLUMNS + " FROM broadcasts WHERE status = 'pending'"
            + " AND expire_time > ? ORDER BY id LIMIT ?";
    private static final String RECIPIENTS = "SELECT user_id FROM broadcast_recipients WHERE broadcast = ?"
            + " AND user_id > ? ORDER BY user_id LIMIT ?";
    private static final String MARKER = "SELECT seq FROM user_events WHERE event_id = ?";
    private static final String CHANGES = "SELECT user_id, before, seq FROM user_events WHERE app_id = ? AND seq > ?"
            + " AND user_id <> 0 ORDER BY seq";
    /** PostgreSQL: the committed changes not numbered yet, which will be numbered above every numbered one. */
    private static final String UNNUMBERED_CHANGES = "SELECT user_id, before FROM user_events WHERE seq IS NULL"
            + " AND app_id = ? AND user_id <> 0 ORDER BY id";
    private static final String MOVE = "UPDATE broadcasts SET cursor = ?, audience_size = audience_size + ?"
            + " WHERE id = ? AND cursor = ? AND status = 'pending'";
    private static final String CLAIM = "UPDATE broadcasts SET builder = ?, claimed_until = ? WHERE id = ?"
            + " AND status = 'pending' AND (builder IS NULL OR builder = ? OR claimed_until < ?)";
    private static final String READY = "UPDATE broadcasts SET status = 'ready', ready_time = ? WHERE id = ?";

    private static final String USER_BROADCAST = "UserBroadcast";

    private final Transactions transactions;
    private final StatementCache statements;
    private final Dialect dialect;
    private final JdbcEventStore events;
    private final Outbox outbox;
    private final UserQueries queries;

    JdbcBroadcastStore(Transactions transactions, JdbcEventStore events) {
        this.transactions = transactions;
        this.statements = transactions.statements();
        this.dialect = transactions.dialect();
        this.events = events;
        this.outbox = new Outbox(statements);
        this.queries = new UserQueries(dialect);
    }

    @Override
    public Broadcast create(int appId, BroadcastMessage m, Cause cause, String accessKeyId, long time) {
        String broadcastId = newBroadcastId(time);
        return transactions.write(connection -> {
            Broadcast draft = new Broadcast(0, broadcastId, appId, time, m, cause.requestId(), accessKeyId, "",
                    Broadcast.Status.PENDING, 0, 0, null);
            String eventId = outbox.appendBroadcast(connection, Outbox.BROADCAST_ACCEPTED, draft, cause, time);
            PreparedStatement insert = statements.prepare(connection, INSERT);
            insert.setString(1, broadcastId);
            insert.setInt(2, appId);
            insert.setLong(3, time);
            insert.setLong(4, draft.expireTime());
            insert.setInt(5, m.inboxType());
            insert.setLong(6, m.sender());
            insert.setLong(7, m.msgTtl());
            insert.setInt(8, m.msgType());
            insert.setString(9, m.content());
            insert.setInt(10, m.tagOp());
            insert.setString(11, JsonColumns.tags(m.tags()));
            insert.setString(12, JsonColumns.ext(m.ext()));
            insert.setString(13, cause.requestId());
            insert.setString(14, accessKeyId);
            insert.setString(15, eventId);
            insert.executeUpdate();
            Broadcast stored = one(connection, broadcastId, appId).orElseThrow();
            return new Transactions.Attempt<>(true, stored);
        });
    }

    @Override
    public List<Broadcast> list(int appId, long beforeKey, int limit) {
        return transactions.read("read broadcasts", connection -> {
            PreparedStatement select = statements.prepare(connection, LIST);
            select.setInt(1, appId);
            select.setLong(2, beforeKey);
            select.setInt(3, limit);
            return broadcasts(select);
        });
    }

    @Override
    public Optional<Broadcast> find(int appId, String broadcastId) {
        return transactions.read("read broadcasts", connection -> one(connection, broadcastId, appId));
    }

    @Override
    public List<Long> recipients(long key, long afterUserId, int limit) {
        return transactions.read("read recipients", connection -> {
            PreparedStatement select = statements.prepare(connection, RECIPIENTS);
            select.setLong(1, key);
            select.setLong(2, afterUserId);
            select.setInt(3, limit);
            return longs(select);
        });
    }

    @Override
    public List<Broadcast> pending(long now, int limit) {
        return transactions.read("read broadcasts", connection -> {
            PreparedStatement select = statements.prepare(connection, PENDING);
            select.setLong(1, now);
            select.setInt(2, limit);
            return broadcasts(select);
        });
    }

    @Override
    public Set<Long> claim(List<Broadcast> broadcasts, String node, long now, long until) {
        return transactions.write(connection -> {
            PreparedStatement claim = statements.prepare(connection, CLAIM);
            Set<Long> held = new HashSet<>();
            for (Broadcast broadcast : broadcasts) {
                claim.setString(1, node);
                claim.setLong(2, until);
                claim.setLong(3, broadcast.key());
                claim.setString(4, node);
                claim.setLong(5, now);
                if (claim.executeUpdate() == 1) {
                    held.add(broadcast.key());
                }
            }
            return new Transactions.Attempt<>(true, held);
        });
    }

    @Override
    public void release(String node) {
        transactions.write(connection -> {
            PreparedStatement release = statements.prepare(connection,
                    "UPDATE broadcasts SET builder = NULL, claimed_until = 0 WHERE builder = ?");
            release.setString(1, node);
            release.executeUpdate();
            return new Transactions.Attempt<>(true, null);
        });
    }

    @Override
    public Map<Long, Long> markers(List<Broadcast> broadcasts) {
        events.sequence();
        return transactions.read("read broadcasts", connection -> {
            PreparedStatement select = statements.prepare(connection, MARKER);
            Map<Long, Long> markers = new HashMap<>();
            for (Broadcast broadcast : broadcasts) {
                select.setString(1, broadcast.eventId());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        long seq = rows.getLong(1);
                        if (!rows.wasNull()) {
                            markers.put(broadcast.key(), seq);
                        }
                    }
                }
            }
            return markers;
        });
    }

    @Override
    public AudienceRead read(int appId, List<AudienceCursor> from, int limit, long changesAfter, ChangeSink changes) {
        List<UserQueries.Sql> queries = new ArrayList<>(from.size());
        for (AudienceCursor cursor : from) {
            Broadcast b = cursor.broadcast();
            queries.add(this.queries.ids(b.message().audience(appId), cursor.afterUserId(), limit));
        }
        return transactions.snapshot("read audiences", connection -> {
            Map<Long, List<Long>> candidates = new HashMap<>();
            for (int i = 0; i < from.size(); i++) {
                PreparedStatement select = statements.prepare(connection, queries.get(i).text()); // the same texts every round
                queries.get(i).bind(select);
                candidates.put(from.get(i).broadcast().key(), longs(select));
            }
            long upTo = changesAfter;
            PreparedStatement changed = statements.prepare(connection, CHANGES);
            changed.setInt(1, appId);
            changed.setLong(2, changesAfter);
            try (ResultSet rows = changed.executeQuery()) {
                while (rows.next()) {
                    upTo = rows.getLong(3);
                    changes.change(upTo, rows.getLong(1), rows.getString(2));
                }
            }
            if (dialect.numbersEventsAfterCommit()) {
                PreparedStatement unnumbered = statements.prepare(connection, UNNUMBERED_CHANGES);
                unnumbered.setInt(1, appId);
                try (ResultSet rows = unnumbered.executeQuery()) {
                    while (rows.next()) {
                        changes.change(Long.MAX_VALUE, rows.getLong(1), rows.getString(2));
                    }
                }
            }
            return new AudienceRead(candidates, upTo);
        });
    }

    @Override
    public Set<Long> record(List<AudienceBatch> batches, long now) {
        return transactions.write(connection -> {
            Set<Long> recorded = new HashSet<>();
            for (AudienceBatch batch : batches) {
                if (record(connection, batch, now)) {
                    recorded.add(batch.broadcast().key());
                }
            }
            return new Transactions.Attempt<>(true, recorded);
        });
    }

    private boolean record(Connection connection, AudienceBatch batch, long now) throws SQLException {
        Broadcast broadcast = batch.broadcast();
        PreparedStatement move = statements.prepare(connection, MOVE);
        move.setLong(1, batch.upTo());
        move.setLong(2, batch.recipients().size());
        move.setLong(3, broadcast.key());
        move.setLong(4, batch.from());
        if (move.executeUpdate() != 1) {
            return false;
        }
        insertRecipients(connection, broadcast.key(), batch.recipients());
        if (batch.last()) {
            PreparedStatement ready = statements.prepare(connection, READY);
            ready.setLong(1, now);
            ready.setLong(2, broadcast.key());
            ready.executeUpdate();
            Broadcast done = one(connection, broadcast.broadcastId(), broadcast.appId()).orElseThrow();
            // The event names the request that made the broadcast, as the accepted one does.
            outbox.appendBroadcast(connection, Outbox.BROADCAST_READY, done,
                    new Cause(USER_BROADCAST, broadcast.requestId()), now);
        }
        return true;
    }

    private void insertRecipients(Connection connection, long key, List<Long> recipients) throws SQLException {
        if (recipients.isEmpty()) {
            return;
        }
        if (dialect.hasArrays()) {
            PreparedStatement insert = statements.prepare(connection, "INSERT INTO broadcast_recipients"
                    + " (broadcast, user_id) SELECT ?, unnest(?::bigint[]) ON CONFLICT DO NOTHING");
            insert.setLong(1, key);
            insert.setArray(2, connection.createArrayOf("bigint", recipients.toArray()));
            insert.executeUpdate();
            return;
        }
        // One statement over a JSON array of the ids: SQLite parses it in C, where a batch would cross JNI per row.
        PreparedStatement insert = statements.prepare(connection, "INSERT INTO broadcast_recipients (broadcast, user_id)"
                + " SELECT ?, value FROM json_each(?) WHERE true ON CONFLICT DO NOTHING");
        StringBuilder ids = new StringBuilder(recipients.size() * 8).append('[');
        for (int i = 0; i < recipients.size(); i++) {
            ids.append(i == 0 ? "" : ",").append(recipients.get(i));
        }
        insert.setLong(1, key);
        insert.setString(2, ids.append(']').toString());
        insert.executeUpdate();
    }

    @Override
    public int expire(long now, long forgetBefore, int batch) {
        List<Long> expired = transactions.read("read broadcasts", connection -> {
            PreparedStatement select = statements.prepare(connection,
                    "SELECT id FROM broadcasts WHERE status <> 'expired' AND expire_time <= ? ORDER BY id LIMIT 100");
            select.setLong(1, now);
            return longs(select);
        });
        int removed = 0;
        for (long key : expired) {
            removed += transactions.write(connection -> {
                PreparedStatement delete = statements.prepare(connection, "DELETE FROM broadcast_recipients"
                        + " WHERE broadcast = ? AND user_id IN (SELECT user_id FROM broadcast_recipients"
                        + " WHERE broadcast = ? ORDER BY user_id LIMIT ?)");
                delete.setLong(1, key);
                delete.setLong(2, key);
                delete.setInt(3, batch);
                int deleted = delete.executeUpdate();
                if (deleted < batch) {
                    PreparedStatement mark = statements.prepare(connection,
                            "UPDATE broadcasts SET status = 'expired' WHERE id = ?");
                    mark.setLong(1, key);
                    mark.executeUpdate();
                }
                return new Transactions.Attempt<>(true, deleted);
            });
        }
        return removed + transactions.write(connection -> {
            PreparedStatement forget = statements.prepare(connection,
                    "DELETE FROM broadcasts WHERE status = 'expired' AND expire_time < ?");
            forget.setLong(1, forgetBefore);
            return new Transactions.Attempt<>(true, forget.executeUpdate());
        });
    }

    @Override
    public long removeApp(int appId) {
        return transactions.write(connection -> {
            PreparedStatement recipients = statements.prepare(connection, "DELETE FROM broadcast_recipients"
                    + " WHERE broadcast IN (SELECT id FROM broadcasts WHERE app_id = ?)");
            recipients.setInt(1, appId);
            recipients.executeUpdate();
            PreparedStatement delete = statements.prepare(connection, "DELETE FROM broadcasts WHERE app_id = ?");
            delete.setInt(1, appId);
            return new Transactions.Attempt<>(true, (long) delete.executeUpdate());
        });
    }

    private Optional<Broadcast> one(Connection connection, String broadcastId, int appId) throws SQLException {
        PreparedStatement select = statements.prepare(connection, BY_ID);
        select.setString(1, broadcastId);
        select.setInt(2, appId);
        return broadcasts(select).stream().findFirst();
    }

    private static List<Broadcast> broadcasts(PreparedStatement select) throws SQLException {
        List<Broadcast> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                BroadcastMessage message = new BroadcastMessage(rows.getInt(5), rows.getLong(6), rows.getLong(7),
                        rows.getInt(8), rows.getString(9), rows.getInt(10), JsonColumns.tags(rows.getString(11)),
                        JsonColumns.ext(rows.getString(12)));
                long ready = rows.getLong(19);
                Long readyTime = rows.wasNull() ? null : ready;
                found.add(new Broadcast(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getLong(4), message,
                        rows.getString(13), rows.getString(14), rows.getString(15),
                        Broadcast.Status.ofWire(rows.getString(16)), rows.getLong(17), rows.getLong(18), readyTime));
            }
        }
        return found;
    }

    private static List<Long> longs(PreparedStatement select) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    /** {@code bc_} and 26 characters, made as event ids are ({@link Outbox#newEventId}): time, then 80 random bits. */
    static String newBroadcastId(long time) {
        return "bc_" + Outbox.newEventId(time).substring(4);
    }
}
