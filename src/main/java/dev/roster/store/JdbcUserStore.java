package dev.roster.store;

import dev.roster.text.CaseFolding;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * {@link UserStore} over plain SQL that SQLite and PostgreSQL both understand. Writes are optimistic:
 * an update or delete names the version it was planned from, an insert does nothing if the row
 * appeared meanwhile, and a plan that touched fewer rows than expected is undone and planned again.
 * Tags and Ext are stored as JSON text ({@link JsonColumns}).
 *
 * <p>Every request runs the same few statements, kept prepared per connection ({@link StatementCache}):
 * one multi-row read, whose list of ids is padded to a power of two so that a handful of SQL texts
 * serve every batch size, then the writes as one JDBC batch (one round trip on PostgreSQL), then the
 * change events as one more ({@link Outbox}).
 *
 * <p>Write transactions run as {@link Transactions} says: one per call (PostgreSQL) or grouped (SQLite).
 */
public final class JdbcUserStore implements UserStore {
    /** The largest padded id list; longer lists are read in slices of this size. */
    private static final int MAX_IDS_PER_READ = 512;
    private static final String COLUMNS =
            "user_id, nick_name, portrait, tags, ext, is_robot, create_time, modify_time, version";
    private static final String INSERT = "INSERT INTO users (app_id, " + COLUMNS
            + ", nick_fold) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (app_id, user_id) DO NOTHING";
    private static final String SET_CONTENT = "UPDATE users SET nick_name = ?, portrait = ?, tags = ?, ext = ?,"
            + " is_robot = ?, create_time = ?, modify_time = ?, version = ?";
    private static final String AT_VERSION = " WHERE app_id = ? AND user_id = ? AND version = ?";
    private static final String UPDATE = SET_CONTENT + ", nick_fold = ?" + AT_VERSION;
    /**
     * An update that leaves the NickName alone: SQLite rewrites the entries of every index whose column an
     * UPDATE sets, changed or not, so naming nick_fold would cost users_by_nick a delete and an insert.
     */
    private static final String UPDATE_SAME_NICK = SET_CONTENT + AT_VERSION;
    /**
     * Every update of a batch in one statement, from arrays (PostgreSQL): one statement instead of one per
     * user halves PostgreSQL's own CPU per request (pgbench, 10 users per transaction: 1,340-1,437 -> 2,219-2,331
     * transactions/s on this machine).
     */
    private static final String UPDATE_FROM_ARRAYS = "UPDATE users AS u SET nick_name = v.nick_name,"
            + " portrait = v.portrait, tags = v.tags, ext = v.ext, is_robot = v.is_robot, create_time = v.create_time,"
            + " modify_time = v.modify_time, version = v.version, nick_fold = v.nick_fold"
            + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::bigint[],"
            + " ?::bigint[], ?::bigint[], ?::text[], ?::bigint[]) AS v(user_id, nick_name, portrait, tags, ext, is_robot,"
            + " create_time, modify_time, version, nick_fold, expected)"
            // user_id = ANY names the rows to the planner: without it, the generic plan of the prepared statement
            // scans every user of the app and hash-joins them with the arrays.
            + " WHERE u.app_id = ? AND u.user_id = ANY (?::bigint[]) AND u.user_id = v.user_id"
            + " AND u.version = v.expected";
    private static final String SELECT_APP = "SELECT " + COLUMNS + " FROM users WHERE app_id = ? ORDER BY user_id";
    private static final String DELETE_APP = "DELETE FROM users WHERE app_id = ?";
    private static final String DELETE = "DELETE FROM users WHERE app_id = ? AND user_id = ? AND version = ?";

    private final Transactions transactions;
    private final Dialect dialect;
    private final StatementCache statements;
    private final Outbox outbox;
    private final QueryIndexes indexes;
    private final UserQueries queries;
    /** The SELECT for each padded list size, without and with the write lock. */
    private final Map<Integer, String> selects = new ConcurrentHashMap<>();
    private final Map<Integer, String> lockingSelects = new ConcurrentHashMap<>();

    JdbcUserStore(Transactions transactions) {
        this.transactions = transactions;
        this.dialect = transactions.dialect();
        this.statements = transactions.statements();
        this.outbox = new Outbox(statements);
        this.indexes = new QueryIndexes(statements);
        this.queries = new UserQueries(dialect);
    }

    /** A store whose every {@link #modify} is a transaction of its own. */
    public static JdbcUserStore perCall(DataSource readPool, DataSource writePool, Dialect dialect) {
        return new JdbcUserStore(Transactions.perCall(readPool, writePool, dialect));
    }

    /** A store whose writes, made through a pool of one connection, commit in groups. */
    public static JdbcUserStore grouped(DataSource readPool, DataSource writePool, Dialect dialect) {
        return new JdbcUserStore(Transactions.grouped(readPool, writePool, dialect));
    }

    @Override
    public Map<Long, Profile> find(int appId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return transactions.read("read", connection -> select(connection, appId, userIds, false));
    }

    @Override
    public UserPage query(UserQuery query, long afterUserId, int limit, boolean withTotal) {
        boolean nickOnly = query.tags().isEmpty() && !query.nickPrefix().isEmpty();
        Transactions.Read<UserPage> page = connection -> {
            boolean nickDrives = nickOnly && number(connection, queries.nickRange(query)) <= UserQueries.WINDOW;
            Long windowEnd = null; // the last candidate of a full window
            if (UserQueries.windowed(query, nickDrives)) {
                try (ResultSet window = run(connection, queries.window(query, nickDrives, afterUserId))) {
                    window.next();
                    if (window.getLong(1) == UserQueries.WINDOW) {
                        windowEnd = window.getLong(2);
                    }
                }
            }
            List<Profile> found = new ArrayList<>(limit + 1);
            try (ResultSet rows = run(connection, queries.page(query, nickDrives, afterUserId, windowEnd, limit))) {
                while (rows.next()) {
                    found.add(profile(query.appId(), rows));
                }
            }
            Long next = windowEnd;
            if (found.size() > limit) {
                found.remove(limit);
                next = found.get(limit - 1).userId();
            }
            Long total = withTotal ? number(connection, queries.count(query)) : null;
            return new UserPage(found, next, total);
        };
        // Several statements read one snapshot; a page of one statement needs no transaction.
        boolean several = nickOnly || withTotal || UserQueries.windowed(query, true);
        return several ? transactions.snapshot("query", page) : transactions.read("query", page);
    }

    /** The one number {@code sql} answers. */
    private static long number(Connection connection, UserQueries.Sql sql) throws SQLException {
        try (ResultSet row = run(connection, sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Runs a query Action's SQL, prepared for this call only: its shapes are too many to keep. */
    private static ResultSet run(Connection connection, UserQueries.Sql sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.text());
        sql.bind(statement);
        statement.closeOnCompletion();
        return statement.executeQuery();
    }

    @Override
    public <R> R modify(int appId, Collection<Long> userIds, Mutation<R> mutation) {
        return transactions.write(connection -> attempt(connection, appId, userIds, mutation));
    }

    @Override
    public long removeApp(int appId, Cause cause, long time) {
        return transactions.write(connection -> {
            PreparedStatement select = statements.prepare(connection, SELECT_APP + dialect.lockForWrite());
            select.setInt(1, appId);
            long removed = 0;
            PreparedStatement events = outbox.removals(connection);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    outbox.addRemoval(events, profile(appId, rows), cause, time);
                    if (++removed % 500 == 0) {
                        events.executeBatch();
                    }
                }
            }
            events.executeBatch();
            indexes.removeApp(connection, appId);
            PreparedStatement delete = statements.prepare(connection, DELETE_APP);
            delete.setInt(1, appId);
            return new Transactions.Attempt<>(delete.executeUpdate() == removed, removed);
        });
    }

    @Override
    public void ping() {
        transactions.read("ping", connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.execute("SELECT 1");
            }
        });
    }

    /** Stops grouping writes (those queued are still committed) and closes the kept statements. */
    @Override
    public void close() {
        transactions.close();
    }

    /** The group commit of this store's writes; null when each write is a transaction of its own. */
    GroupCommit groupCommit() {
        return transactions.groupCommit();
    }

    /** Reads, plans and writes one mutation inside the transaction open on {@code connection}. */
    private <R> Transactions.Attempt<R> attempt(Connection connection, int appId, Collection<Long> userIds,
            Mutation<R> mutation) throws SQLException {
        Map<Long, Profile> current = select(connection, appId, userIds, true);
        Plan<R> plan = mutation.plan(Collections.unmodifiableMap(current));
        if (plan.isEmpty()) {
            return new Transactions.Attempt<>(true, plan.result());
        }
        if (!write(connection, appId, current, plan)) {
            return new Transactions.Attempt<>(false, plan.result());
        }
        indexes.apply(connection, appId, current, plan);
        outbox.append(connection, appId, current, plan);
        return new Transactions.Attempt<>(true, plan.result());
    }

    private Map<Long, Profile> select(Connection connection, int appId, Collection<Long> userIds, boolean forWrite)
            throws SQLException {
        Map<Long, Profile> found = new HashMap<>();
        List<Long> ids = userIds instanceof List<Long> list ? list : new ArrayList<>(userIds);
        for (int from = 0; from < ids.size(); from += MAX_IDS_PER_READ) {
            List<Long> slice = ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_READ));
            int slots = Integer.highestOneBit(slice.size() * 2 - 1); // the next power of two
            PreparedStatement statement = statements.prepare(connection, selectSql(slots, forWrite));
            int index = 1;
            statement.setInt(index++, appId);
            for (int i = 0; i < slots; i++) {
                // Repeating the last id fills the padding without changing what IN matches.
                statement.setLong(index++, slice.get(Math.min(i, slice.size() - 1)));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Profile profile = profile(appId, rows);
                    found.put(profile.userId(), profile);
                }
            }
        }
        return found;
    }

    private String selectSql(int slots, boolean forWrite) {
        // Ordered, so that writers that lock rows lock them in the same order and cannot deadlock.
        return (forWrite ? lockingSelects : selects).computeIfAbsent(slots, n -> "SELECT " + COLUMNS
                + " FROM users WHERE app_id = ? AND user_id IN (" + String.join(",", Collections.nCopies(n, "?"))
                + ") ORDER BY user_id" + (forWrite ? dialect.lockForWrite() : ""));
    }

    /** The profile in the current row, read in the order of {@link #COLUMNS}. */
    private static Profile profile(int appId, ResultSet rows) throws SQLException {
        return new Profile(appId, rows.getLong(1), rows.getString(2), rows.getString(3),
                JsonColumns.tags(rows.getString(4)), JsonColumns.ext(rows.getString(5)), rows.getBoolean(6),
                rows.getLong(7), rows.getLong(8), rows.getLong(9));
    }

    /**
     * Applies the plan as at most three JDBC batches (inserts, updates, deletes, each in user-id order:
     * a fixed order of row locks keeps concurrent batches from deadlocking one another; on PostgreSQL the
     * updates are one statement over arrays, on rows the SELECT already locked in order); false when a
     * concurrent writer got there first and the plan must be redone.
     */
    private boolean write(Connection connection, int appId, Map<Long, Profile> current, Plan<?> plan)
            throws SQLException {
        List<Profile> puts = new ArrayList<>(plan.puts());
        puts.sort(Comparator.comparingLong(Profile::userId));
        List<Long> deletes = new ArrayList<>(plan.deletes());
        Collections.sort(deletes);

        PreparedStatement inserts = null;
        PreparedStatement updates = null;
        PreparedStatement sameNickUpdates = null;
        List<Profile> changed = dialect.hasArrays() ? new ArrayList<>(puts.size()) : null;
        for (Profile profile : puts) {
            Profile before = current.get(profile.userId());
            if (before == null) {
                inserts = batchOf(connection, INSERT, inserts);
                inserts.setInt(1, profile.appId());
                inserts.setLong(2, profile.userId());
                bindContent(inserts, 3, profile, true);
                inserts.addBatch();
            } else if (changed != null) {
                changed.add(profile);
            } else if (before.nickName().equals(profile.nickName())) {
                sameNickUpdates = batchOf(connection, UPDATE_SAME_NICK, sameNickUpdates);
                bindUpdate(sameNickUpdates, profile, before, false);
            } else {
                updates = batchOf(connection, UPDATE, updates);
                bindUpdate(updates, profile, before, true);
            }
        }
        PreparedStatement removals = null;
        for (long userId : deletes) {
            Profile before = current.get(userId);
            if (before == null) {
                return false;
            }
            removals = batchOf(connection, DELETE, removals);
            removals.setInt(1, appId);
            removals.setLong(2, userId);
            removals.setLong(3, before.version());
            removals.addBatch();
        }
        return eachChangedOneRow(inserts)
                && (changed == null || updateFromArrays(connection, appId, current, changed))
                && eachChangedOneRow(updates) && eachChangedOneRow(sameNickUpdates) && eachChangedOneRow(removals);
    }

    /** Every update in one statement ({@link #UPDATE_FROM_ARRAYS}); false if a row was not at its expected version. */
    private boolean updateFromArrays(Connection connection, int appId, Map<Long, Profile> current,
            List<Profile> changed) throws SQLException {
        if (changed.isEmpty()) {
            return true;
        }
        int n = changed.size();
        Long[] userIds = new Long[n];
        String[] nickNames = new String[n];
        String[] portraits = new String[n];
        String[] tags = new String[n];
        String[] ext = new String[n];
        Boolean[] robots = new Boolean[n];
        Long[] createTimes = new Long[n];
        Long[] modifyTimes = new Long[n];
        Long[] versions = new Long[n];
        String[] nickFolds = new String[n];
        Long[] expected = new Long[n];
        for (int i = 0; i < n; i++) {
            Profile p = changed.get(i);
            userIds[i] = p.userId();
            nickNames[i] = p.nickName();
            portraits[i] = p.portrait();
            tags[i] = JsonColumns.tags(p.tags());
            ext[i] = JsonColumns.ext(p.ext());
            robots[i] = p.isRobot();
            createTimes[i] = p.createTime();
            modifyTimes[i] = p.modifyTime();
            versions[i] = p.version();
            nickFolds[i] = CaseFolding.fold(p.nickName());
            expected[i] = current.get(p.userId()).version();
        }
        PreparedStatement update = statements.prepare(connection, UPDATE_FROM_ARRAYS);
        int i = 1;
        java.sql.Array ids = connection.createArrayOf("bigint", userIds);
        update.setArray(i++, ids);
        update.setArray(i++, connection.createArrayOf("text", nickNames));
        update.setArray(i++, connection.createArrayOf("text", portraits));
        update.setArray(i++, connection.createArrayOf("text", tags));
        update.setArray(i++, connection.createArrayOf("text", ext));
        update.setArray(i++, connection.createArrayOf("boolean", robots));
        update.setArray(i++, connection.createArrayOf("bigint", createTimes));
        update.setArray(i++, connection.createArrayOf("bigint", modifyTimes));
        update.setArray(i++, connection.createArrayOf("bigint", versions));
        update.setArray(i++, connection.createArrayOf("text", nickFolds));
        update.setArray(i++, connection.createArrayOf("bigint", expected));
        update.setInt(i++, appId);
        update.setArray(i, ids);
        return update.executeUpdate() == n;
    }

    /** {@code open} if a batch is already open on it, else the cached statement with an empty batch. */
    private PreparedStatement batchOf(Connection connection, String sql, PreparedStatement open)
            throws SQLException {
        if (open != null) {
            return open;
        }
        PreparedStatement statement = statements.prepare(connection, sql);
        statement.clearBatch(); // whatever an earlier failure left behind
        return statement;
    }

    private static boolean eachChangedOneRow(PreparedStatement batch) throws SQLException {
        if (batch == null) {
            return true;
        }
        for (int changed : batch.executeBatch()) {
            if (changed != 1) {
                return false;
            }
        }
        return true;
    }

    /** Adds the update of {@code before} to {@code p} to the batch; {@code withFold}: the NickName changed. */
    private static void bindUpdate(PreparedStatement statement, Profile p, Profile before, boolean withFold)
            throws SQLException {
        int next = bindContent(statement, 1, p, withFold);
        statement.setInt(next++, p.appId());
        statement.setLong(next++, p.userId());
        statement.setLong(next, before.version());
        statement.addBatch();
    }

    /**
     * Binds nick_name .. version, and nick_fold if {@code withFold}, from {@code first} on; returns the next
     * free parameter index.
     */
    private static int bindContent(PreparedStatement statement, int first, Profile p, boolean withFold)
            throws SQLException {
        int i = first;
        statement.setString(i++, p.nickName());
        statement.setString(i++, p.portrait());
        statement.setString(i++, JsonColumns.tags(p.tags()));
        statement.setString(i++, JsonColumns.ext(p.ext()));
        statement.setBoolean(i++, p.isRobot());
        statement.setLong(i++, p.createTime());
        statement.setLong(i++, p.modifyTime());
        statement.setLong(i++, p.version());
        if (withFold) {
            statement.setString(i++, CaseFolding.fold(p.nickName()));
        }
        return i;
    }

}
