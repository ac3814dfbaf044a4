package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link EventStore} over the SQL SQLite and PostgreSQL share; its writes go through the same
 * {@link Transactions} as the user store's (on SQLite, the one writer and its groups).
 */
final class JdbcEventStore implements EventStore {
    private static final String COLUMNS = "seq, event_id, app_id, user_id, type, time, action, request_id, before, after";
    private static final String PAGE = "SELECT " + COLUMNS + " FROM user_events WHERE app_id = ? AND seq > ? ORDER BY seq LIMIT ?";
    private static final String AFTER = "SELECT " + COLUMNS + " FROM user_events WHERE seq > ? ORDER BY seq LIMIT ?";
    private static final String BY_ID = "SELECT " + COLUMNS + " FROM user_events WHERE event_id = ?";
    private static final String UNSEQUENCED = "SELECT 1 FROM user_events WHERE seq IS NULL LIMIT 1";
    private static final String LEASE = "UPDATE event_sinks SET owner = ?, lease_until = ?"
            + " WHERE sink = ? AND (owner IS NULL OR owner = ? OR lease_until < ?)";
    /** Also refuses to move the position back: a round planned from an older position is stale. */
    private static final String HOLDS_LEASE = "UPDATE event_sinks SET position = CASE WHEN ? < 0 THEN position ELSE ? END"
            + " WHERE sink = ? AND owner = ? AND lease_until >= ? AND position <= CASE WHEN ? < 0 THEN position ELSE ? END";
    private static final String UPSERT_RETRY = "INSERT INTO event_retries"
            + " (sink, seq, app_id, user_id, attempts, next_attempt, failed, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (sink, seq) DO UPDATE SET attempts = excluded.attempts,"
            + " next_attempt = excluded.next_attempt, failed = excluded.failed, last_error = excluded.last_error";
    private static final String DELETE_RETRY = "DELETE FROM event_retries WHERE sink = ? AND seq = ?";
    private static final String DUE = "SELECT " + prefixed("e.") + ", r.attempts FROM event_retries r"
            + " JOIN user_events e ON e.seq = r.seq"
            + " WHERE r.sink = ? AND r.failed = ? AND r.next_attempt <= ? AND NOT EXISTS (SELECT 1 FROM event_retries p"
            + " WHERE p.sink = r.sink AND p.app_id = r.app_id AND p.user_id = r.user_id AND p.failed = ? AND p.seq < r.seq"
            // a retry whose event was pruned meanwhile holds nobody back
            + " AND EXISTS (SELECT 1 FROM user_events x WHERE x.seq = p.seq))"
            + " ORDER BY r.seq LIMIT ?";
    private static final int SEQUENCE_BATCH = 1_000;
    private static final String KEPT_FOR_BROADCASTS = "SELECT min(e.seq) FROM broadcasts b"
            + " JOIN user_events e ON e.event_id = b.event_id WHERE b.status = 'pending'";

    private final Transactions transactions;
    private final StatementCache statements;
    private final boolean numbersAfterCommit;

    JdbcEventStore(Transactions transactions) {
        this.transactions = transactions;
        this.statements = transactions.statements();
        this.numbersAfterCommit = transactions.dialect().numbersEventsAfterCommit();
    }

    @Override
    public void sequence() {
        if (!numbersAfterCommit) {
            return;
        }
        while (transactions.read("sequence", connection -> {
            try (ResultSet rows = statements.prepare(connection, UNSEQUENCED).executeQuery()) {
                return rows.next();
            }
        })) {
            int numbered = transactions.write(connection -> new Transactions.Attempt<>(true, numberBatch(connection)));
            if (numbered < SEQUENCE_BATCH) {
                return;
            }
        }
    }

    /**
     * Numbers up to {@link #SEQUENCE_BATCH} committed events in id order. The lock on the counter row
     * makes sequencers take turns, and each looks for rows only once it holds it, so it sees every row
     * committed before (READ COMMITTED reads afresh at each statement).
     */
    private int numberBatch(Connection connection) throws SQLException {
        long last;
        try (ResultSet rows = statements.prepare(connection,
                "SELECT last FROM event_sequence WHERE id = 1 FOR UPDATE").executeQuery()) {
            rows.next();
            last = rows.getLong(1);
        }
        List<Long> ids = new ArrayList<>();
        PreparedStatement unnumbered = statements.prepare(connection,
                "SELECT id FROM user_events WHERE seq IS NULL ORDER BY id LIMIT " + SEQUENCE_BATCH);
        try (ResultSet rows = unnumbered.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        }
        if (ids.isEmpty()) {
            return 0;
        }
        Long[] seqs = new Long[ids.size()];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = last + 1 + i;
        }
        PreparedStatement number = statements.prepare(connection, "UPDATE user_events SET seq = v.seq"
                + " FROM unnest(?::bigint[], ?::bigint[]) AS v(id, seq) WHERE user_events.id = v.id");
        number.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
        number.setArray(2, connection.createArrayOf("bigint", seqs));
        number.executeUpdate();
        PreparedStatement counter = statements.prepare(connection, "UPDATE event_sequence SET last = ? WHERE id = 1");
        counter.setLong(1, last + ids.size());
        counter.executeUpdate();
        return ids.size();
    }

    @Override
    public List<StoredEvent> page(int appId, long after, int limit) {
        sequence();
        return transactions.read("read events", connection -> {
            PreparedStatement select = statements.prepare(connection, PAGE);
            select.setInt(1, appId);
            select.setLong(2, after);
            select.setInt(3, limit);
            return events(select);
        });
    }

    @Override
    public List<StoredEvent> after(long after, int limit) {
        return transactions.read("read events", connection -> {
            PreparedStatement select = statements.prepare(connection, AFTER);
            select.setLong(1, after);
            select.setInt(2, limit);
            return events(select);
        });
    }

    @Override
    public List<StoredEvent> recent(Integer appId, boolean failedOnly, int limit) {
        sequence();
        String sql = "SELECT " + COLUMNS + " FROM user_events WHERE seq IS NOT NULL"
                + (appId == null ? "" : " AND app_id = ?")
                + (failedOnly ? " AND seq IN (SELECT seq FROM event_retries WHERE failed = ?)" : "")
                + " ORDER BY seq DESC LIMIT ?";
        return transactions.read("read events", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                if (appId != null) {
                    select.setInt(i++, appId);
                }
                if (failedOnly) {
                    select.setBoolean(i++, true);
                }
                select.setInt(i, limit);
                return events(select);
            }
        });
    }

    @Override
    public Optional<StoredEvent> byId(String eventId) {
        sequence();
        return transactions.read("read events", connection -> {
            PreparedStatement select = statements.prepare(connection, BY_ID);
            select.setString(1, eventId);
            return events(select).stream().findFirst();
        });
    }

    @Override
    public void addSink(String sink) {
        sequence();
        transactions.write(connection -> {
            PreparedStatement insert = statements.prepare(connection, "INSERT INTO event_sinks (sink, position)"
                    + " VALUES (?, " + lastSeqSql() + ") ON CONFLICT (sink) DO NOTHING");
            insert.setString(1, sink);
            insert.executeUpdate();
            return new Transactions.Attempt<>(true, null);
        });
    }

    private String lastSeqSql() {
        return numbersAfterCommit ? "(SELECT last FROM event_sequence WHERE id = 1)"
                : "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'user_events'), 0)";
    }

    @Override
    public Map<String, Long> sinkPositions() {
        return transactions.read("read sinks", connection -> {
            Map<String, Long> positions = new LinkedHashMap<>();
            try (ResultSet rows = statements.prepare(connection, "SELECT sink, position FROM event_sinks ORDER BY sink")
                    .executeQuery()) {
                while (rows.next()) {
                    positions.put(rows.getString(1), rows.getLong(2));
                }
            }
            return positions;
        });
    }

    @Override
    public boolean lease(String sink, String owner, long now, long until) {
        return transactions.write(connection -> {
            PreparedStatement lease = statements.prepare(connection, LEASE);
            lease.setString(1, owner);
            lease.setLong(2, until);
            lease.setString(3, sink);
            lease.setString(4, owner);
            lease.setLong(5, now);
            return new Transactions.Attempt<>(true, lease.executeUpdate() == 1);
        });
    }

    @Override
    public void release(String sink, String owner) {
        transactions.write(connection -> {
            PreparedStatement release = statements.prepare(connection,
                    "UPDATE event_sinks SET owner = NULL, lease_until = 0 WHERE sink = ? AND owner = ?");
            release.setString(1, sink);
            release.setString(2, owner);
            release.executeUpdate();
            return new Transactions.Attempt<>(true, null);
        });
    }

    @Override
    public List<UserKey> waitingUsers(String sink) {
        return transactions.read("read retries", connection -> {
            PreparedStatement select = statements.prepare(connection,
                    "SELECT DISTINCT r.app_id, r.user_id FROM event_retries r JOIN user_events e ON e.seq = r.seq"
                            + " WHERE r.sink = ? AND r.failed = ?");
            select.setString(1, sink);
            select.setBoolean(2, false);
            List<UserKey> users = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    users.add(new UserKey(rows.getInt(1), rows.getLong(2)));
                }
            }
            return users;
        });
    }

    @Override
    public List<Due> dueRetries(String sink, long now, int limit) {
        return transactions.read("read retries", connection -> {
            PreparedStatement select = statements.prepare(connection, DUE);
            select.setString(1, sink);
            select.setBoolean(2, false);
            select.setLong(3, now);
            select.setBoolean(4, false);
            select.setInt(5, limit);
            List<Due> due = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new Due(event(rows), rows.getInt(11)));
                }
            }
            return due;
        });
    }

    @Override
    public boolean record(String sink, String owner, long now, long position, List<Retry> retries,
            List<Long> delivered) {
        return transactions.write(connection -> {
            PreparedStatement holds = statements.prepare(connection, HOLDS_LEASE);
            holds.setLong(1, position);
            holds.setLong(2, position);
            holds.setString(3, sink);
            holds.setString(4, owner);
            holds.setLong(5, now);
            holds.setLong(6, position);
            holds.setLong(7, position);
            if (holds.executeUpdate() != 1) {
                return new Transactions.Attempt<>(true, false);
            }
            if (!retries.isEmpty()) {
                PreparedStatement upsert = statements.prepare(connection, UPSERT_RETRY);
                upsert.clearBatch();
                for (Retry retry : retries) {
                    bindRetry(upsert, retry);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            if (!delivered.isEmpty()) {
                PreparedStatement delete = statements.prepare(connection, DELETE_RETRY);
                delete.clearBatch();
                for (long seq : delivered) {
                    delete.setString(1, sink);
                    delete.setLong(2, seq);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return new Transactions.Attempt<>(true, true);
        });
    }

    private static void bindRetry(PreparedStatement upsert, Retry retry) throws SQLException {
        upsert.setString(1, retry.sink());
        upsert.setLong(2, retry.seq());
        upsert.setInt(3, retry.appId());
        upsert.setLong(4, retry.userId());
        upsert.setInt(5, retry.attempts());
        upsert.setLong(6, retry.nextAttempt());
        upsert.setBoolean(7, retry.failed());
        upsert.setString(8, retry.lastError());
    }

    @Override
    public List<Retry> retriesOf(Collection<Long> seqs) {
        List<Long> all = new ArrayList<>(seqs);
        List<Retry> retries = new ArrayList<>();
        for (int from = 0; from < all.size(); from += 1_000) { // databases bound the parameters of a statement
            retries.addAll(retriesOfSlice(all.subList(from, Math.min(all.size(), from + 1_000))));
        }
        return retries;
    }

    private List<Retry> retriesOfSlice(List<Long> seqs) {
        String sql = "SELECT sink, seq, app_id, user_id, attempts, next_attempt, failed, last_error FROM event_retries"
                + " WHERE seq IN (" + String.join(",", Collections.nCopies(seqs.size(), "?")) + ") ORDER BY seq, sink";
        return transactions.read("read retries", connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                for (long seq : seqs) {
                    select.setLong(i++, seq);
                }
                List<Retry> retries = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        retries.add(new Retry(rows.getString(1), rows.getLong(2), rows.getInt(3), rows.getLong(4),
                                rows.getInt(5), rows.getLong(6), rows.getBoolean(7), rows.getString(8)));
                    }
                }
                return retries;
            }
        });
    }

    @Override
    public Optional<Integer> redeliver(String eventId, long now) {
        Optional<StoredEvent> found = byId(eventId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StoredEvent event = found.get();
        return Optional.of(transactions.write(connection -> {
            List<String> sinks = new ArrayList<>();
            PreparedStatement select = statements.prepare(connection, "SELECT sink FROM event_sinks WHERE position >= ?");
            select.setLong(1, event.seq());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sinks.add(rows.getString(1));
                }
            }
            PreparedStatement upsert = statements.prepare(connection, UPSERT_RETRY);
            upsert.clearBatch();
            for (String sink : sinks) {
                bindRetry(upsert, new Retry(sink, event.seq(), event.appId(), event.userId(), 0, now, false,
                        "redelivery asked for"));
                upsert.addBatch();
            }
            upsert.executeBatch();
            return new Transactions.Attempt<>(true, sinks.size());
        }));
    }

    @Override
    public int redeliverFailed(long now) {
        return transactions.write(connection -> {
            PreparedStatement update = statements.prepare(connection,
                    "UPDATE event_retries SET failed = ?, attempts = 0, next_attempt = ? WHERE failed = ?");
            update.setBoolean(1, false);
            update.setLong(2, now);
            update.setBoolean(3, true);
            return new Transactions.Attempt<>(true, update.executeUpdate());
        });
    }

    @Override
    public SinkStats stats(String sink) {
        return transactions.read("read sink", connection -> {
            long position;
            PreparedStatement at = statements.prepare(connection, "SELECT position, " + lastSeqSql()
                    + " FROM event_sinks WHERE sink = ?");
            at.setString(1, sink);
            long newest;
            try (ResultSet rows = at.executeQuery()) {
                if (!rows.next()) {
                    return new SinkStats(0, 0, 0);
                }
                position = rows.getLong(1);
                newest = rows.getLong(2);
            }
            PreparedStatement counts = statements.prepare(connection, "SELECT failed, COUNT(*), MIN(seq)"
                    + " FROM event_retries WHERE sink = ? GROUP BY failed");
            counts.setString(1, sink);
            long waiting = 0;
            long failed = 0;
            long oldestWaiting = Long.MAX_VALUE;
            try (ResultSet rows = counts.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean(1)) {
                        failed = rows.getLong(2);
                    } else {
                        waiting = rows.getLong(2);
                        oldestWaiting = rows.getLong(3);
                    }
                }
            }
            long oldestSeq = Math.min(oldestWaiting, newest > position ? position + 1 : Long.MAX_VALUE);
            long oldestTime = 0;
            if (oldestSeq != Long.MAX_VALUE) {
                PreparedStatement time = statements.prepare(connection,
                        "SELECT time FROM user_events WHERE seq >= ? ORDER BY seq LIMIT 1");
                time.setLong(1, oldestSeq);
                try (ResultSet rows = time.executeQuery()) {
                    oldestTime = rows.next() ? rows.getLong(1) : 0;
                }
            }
            return new SinkStats(Math.max(0, newest - position) + waiting, failed, oldestTime);
        });
    }

    @Override
    public int prune(long cutoff, int batch) {
        long last = transactions.read("read events", connection -> {
            PreparedStatement oldest = statements.prepare(connection,
                    "SELECT seq, time FROM user_events WHERE seq IS NOT NULL ORDER BY seq LIMIT ?");
            oldest.setInt(1, batch);
            long upTo = -1;
            try (ResultSet rows = oldest.executeQuery()) {
                while (rows.next() && rows.getLong(2) < cutoff) {
                    upTo = rows.getLong(1);
                }
            }
            // A broadcast whose audience is still being built needs every change after its own event.
            try (ResultSet rows = statements.prepare(connection, KEPT_FOR_BROADCASTS).executeQuery()) {
                if (rows.next()) {
                    long marker = rows.getLong(1);
                    if (!rows.wasNull()) {
                        upTo = Math.min(upTo, marker - 1);
                    }
                }
            }
            return upTo;
        });
        if (last <= 0) {
            return 0;
        }
        return transactions.write(connection -> {
            PreparedStatement retries = statements.prepare(connection, "DELETE FROM event_retries WHERE seq <= ?");
            retries.setLong(1, last);
            retries.executeUpdate();
            PreparedStatement events = statements.prepare(connection, "DELETE FROM user_events WHERE seq <= ?");
            events.setLong(1, last);
            return new Transactions.Attempt<>(true, events.executeUpdate());
        });
    }

    private static List<StoredEvent> events(PreparedStatement select) throws SQLException {
        List<StoredEvent> events = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                events.add(event(rows));
            }
        }
        return events;
    }

    /** The event in the current row, read in the order of {@link #COLUMNS}. */
    private static StoredEvent event(ResultSet rows) throws SQLException {
        return new StoredEvent(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getLong(4), rows.getString(5),
                rows.getLong(6), rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10));
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }
}
