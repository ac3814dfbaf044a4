package dev.roster.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a {@link UserQuery}, the same text for SQLite and PostgreSQL but for an index hint.
 *
 * <p>A query has a <em>driver</em>, which lists candidate UserIds in order from one index range, and
 * <em>filters</em>, which the candidates must also pass:
 * <ul>
 *   <li>with tags, the driver is the first tag's range of {@code user_tags} ("all": the other tags are
 *       filters) or the union of every tag's range ("any": each range read up to the page's need and merged);
 *   <li>without tags but with a NickName prefix that at most {@link #WINDOW} users have, the prefix's range
 *       of {@code users_by_nick}, sorted ({@link #nickRange} counts that, up to one more);
 *   <li>otherwise the app's range of the primary key.
 * </ul>
 * The NickName prefix (unless it drives) and {@code ModifiedAfter} are filters. A page with filters reads
 * at most {@link #WINDOW} candidates: when they hold fewer matches than the page needs, the page is short
 * and the cursor is the last candidate read, so that no request costs more than one window (any-of: one per
 * tag), however rare the matches.
 */
final class UserQueries {
    /** The most candidates one page of a filtered query reads. */
    static final int WINDOW = 10_000;
    private static final String COLUMNS = "u.user_id, u.nick_name, u.portrait, u.tags, u.ext, u.is_robot,"
            + " u.create_time, u.modify_time, u.version";

    private final Dialect dialect;

    UserQueries(Dialect dialect) {
        this.dialect = dialect;
    }

    /** SQL text and its parameters, in order. */
    record Sql(String text, List<Object> parameters) {
        void bind(PreparedStatement statement) throws SQLException {
            for (int i = 0; i < parameters.size(); i++) {
                Object value = parameters.get(i);
                if (value instanceof Integer n) {
                    statement.setInt(i + 1, n);
                } else if (value instanceof Long n) {
                    statement.setLong(i + 1, n);
                } else {
                    statement.setString(i + 1, (String) value);
                }
            }
        }
    }

    /** True when the NickName prefix is a filter rather than the driver. */
    private static boolean nickFilters(UserQuery q, boolean nickDrives) {
        return !q.nickPrefix().isEmpty() && (!q.tags().isEmpty() || !nickDrives);
    }

    /**
     * True when the query has filters beyond its driver, so that its pages read a window of candidates.
     * {@code nickDrives}: a prefix without tags is read from its index (few users have it), else filters.
     */
    static boolean windowed(UserQuery q, boolean nickDrives) {
        return (q.matchAll() && q.tags().size() > 1) || nickFilters(q, nickDrives) || q.modifiedAfter() != null;
    }

    /**
     * Which candidates a driver lists: those above {@code after} (null: all), up to {@code upTo} (null: no
     * bound), at most {@code limit} (0: no limit); in UserId order unless {@code after} is null.
     */
    private record Range(Long after, Long upTo, int limit) {
        static final Range ALL = new Range(null, null, 0);
    }

    /**
     * Up to {@code limit + 1} matching profiles after {@code after}, in the columns of
     * {@link JdbcUserStore}'s reads; the extra one tells whether more follow. A windowed query reads
     * candidates up to {@code upTo}, the last of its {@link #window} (null when the window is not full):
     * a bound rather than a limit, so that the candidates stream in order and the read stops at the page's
     * last match instead of reading the whole window first.
     */
    Sql page(UserQuery q, boolean nickDrives, long after, Long upTo, int limit) {
        Builder sql = new Builder();
        sql.add("SELECT " + COLUMNS + " FROM (");
        driver(sql, q, nickDrives, windowed(q, nickDrives) ? new Range(after, upTo, 0) : new Range(after, null, limit + 1));
        sql.add(") AS c JOIN users AS u ON u.app_id = ? AND u.user_id = c.user_id", q.appId());
        filters(sql, q, nickDrives);
        sql.add(" ORDER BY c.user_id LIMIT ?", limit + 1);
        return sql.build();
    }

    /**
     * Up to {@code limit} UserIds above {@code after} that hold the query's tags (all or any; every user of
     * the app without tags), in order, from the indexes alone. Only the tags of {@code q} count.
     */
    Sql ids(UserQuery q, long after, int limit) {
        Builder sql = new Builder();
        sql.add("SELECT c.user_id FROM (");
        boolean filtered = q.matchAll() && q.tags().size() > 1;
        driver(sql, q, false, new Range(after, null, filtered ? 0 : limit));
        sql.add(") AS c");
        filters(sql, q, false);
        sql.add(" ORDER BY c.user_id LIMIT ?", limit);
        return sql.build();
    }

    /** How many candidates the window after {@code after} holds, and the last of them: one row of two numbers. */
    Sql window(UserQuery q, boolean nickDrives, long after) {
        Builder sql = new Builder();
        sql.add("SELECT count(*), max(c.user_id) FROM (");
        driver(sql, q, nickDrives, new Range(after, null, WINDOW));
        sql.add(") AS c");
        return sql.build();
    }

    /** How many users match the whole query (a prefix without tags counted on its index): one row of one number. */
    Sql count(UserQuery q) {
        Builder sql = new Builder();
        sql.add("SELECT count(*) FROM (");
        driver(sql, q, true, Range.ALL);
        sql.add(") AS c");
        if (nickFilters(q, true) || q.modifiedAfter() != null) {
            sql.add(" JOIN users AS u ON u.app_id = ? AND u.user_id = c.user_id", q.appId());
        }
        filters(sql, q, true);
        return sql.build();
    }

    /** How many users have the query's NickName prefix, counted up to {@code WINDOW + 1}: one row of one number. */
    Sql nickRange(UserQuery q) {
        Builder sql = new Builder();
        sql.add("SELECT count(*) FROM (SELECT 1 FROM users" + dialect.indexedBy("users_by_nick") + " WHERE app_id = ?",
                q.appId());
        nickRange(sql, " AND ", "", q.nickPrefix());
        sql.add(" LIMIT ?) AS r", WINDOW + 1);
        return sql.build();
    }

    /** The candidate UserIds in {@code range}. */
    private void driver(Builder sql, UserQuery q, boolean nickDrives, Range range) {
        List<String> tags = q.tags();
        if (tags.size() > 1 && !q.matchAll()) {
            if (range.after() == null) {
                sql.add("SELECT DISTINCT user_id FROM user_tags WHERE app_id = ? AND tag IN (", q.appId());
                for (int i = 0; i < tags.size(); i++) {
                    sql.add(i == 0 ? "?" : ", ?", tags.get(i));
                }
                sql.add(")");
                return;
            }
            for (int i = 0; i < tags.size(); i++) {
                sql.add(i == 0 ? "SELECT user_id FROM (" : " UNION SELECT user_id FROM (");
                tagRange(sql, q.appId(), tags.get(i), range);
                sql.add(") AS t" + i);
            }
            sql.add(" ORDER BY user_id");
            if (range.limit() > 0) {
                sql.add(" LIMIT ?", range.limit());
            }
        } else if (!tags.isEmpty()) {
            tagRange(sql, q.appId(), tags.get(0), range);
        } else if (!q.nickPrefix().isEmpty() && nickDrives) {
            sql.add("SELECT user_id FROM users" + dialect.indexedBy("users_by_nick") + " WHERE app_id = ?", q.appId());
            nickRange(sql, " AND ", "", q.nickPrefix());
            within(sql, range);
        } else {
            sql.add("SELECT user_id FROM users WHERE app_id = ?", q.appId());
            within(sql, range);
        }
    }

    private static void tagRange(Builder sql, int appId, String tag, Range range) {
        sql.add("SELECT user_id FROM user_tags WHERE app_id = ? AND tag = ?", appId, tag);
        within(sql, range);
    }

    private static void within(Builder sql, Range range) {
        if (range.after() == null) {
            return;
        }
        sql.add(" AND user_id > ?", range.after());
        if (range.upTo() != null) {
            sql.add(" AND user_id <= ?", range.upTo());
        }
        sql.add(" ORDER BY user_id");
        if (range.limit() > 0) {
            sql.add(" LIMIT ?", range.limit());
        }
    }

    /** The conditions beyond the driver, on the candidate {@code c} and its profile {@code u}. */
    private static void filters(Builder sql, UserQuery q, boolean nickDrives) {
        String glue = " WHERE ";
        if (q.matchAll()) {
            for (int i = 1; i < q.tags().size(); i++) {
                sql.add(glue + "EXISTS (SELECT 1 FROM user_tags AS t WHERE t.app_id = ? AND t.tag = ?"
                        + " AND t.user_id = c.user_id)", q.appId(), q.tags().get(i));
                glue = " AND ";
            }
        }
        if (nickFilters(q, nickDrives)) {
            nickRange(sql, glue, "u.", q.nickPrefix());
            glue = " AND ";
        }
        if (q.modifiedAfter() != null) {
            sql.add(glue + "u.modify_time > ?", q.modifiedAfter());
        }
    }

    /**
     * {@code nick_fold} starts with {@code prefix}: at least the prefix and below the prefix with its last
     * code point raised by one (both databases compare it in code point order).
     */
    private static void nickRange(Builder sql, String glue, String alias, String prefix) {
        sql.add(glue + alias + "nick_fold >= ?", prefix);
        String above = successor(prefix);
        if (above != null) {
            sql.add(" AND " + alias + "nick_fold < ?", above);
        }
    }

    /** The least string above every string that starts with {@code prefix}; null when there is none. */
    static String successor(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int next = codePoints[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                codePoints[i] = next;
                return new String(codePoints, 0, i + 1);
            }
        }
        return null;
    }

    private static final class Builder {
        private final StringBuilder text = new StringBuilder(256);
        private final List<Object> parameters = new ArrayList<>();

        void add(String part, Object... values) {
            text.append(part);
            parameters.addAll(List.of(values));
        }

        Sql build() {
            return new Sql(text.toString(), List.copyOf(parameters));
        }
    }
}
