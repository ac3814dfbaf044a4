package dev.roster.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The rows of {@code bench queries} (see {@link QueryBench}), measured in order over one connection, and
 * the ratios between them.
 */
final class QueryRows {
    static final int LIMIT = 100;
    /** How many any-of-three queries (d) walks to the deep page: the samples go round them. */
    static final int DEEP_QUERIES = 4;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ListUsersCall call;
    private final QueryBench.Settings settings;
    private final Long serverPid;
    private final PrintWriter progress;
    private final Map<String, QueryReport.Query> byKey = new LinkedHashMap<>();
    private final List<QueryReport.Ratio> ratios = new ArrayList<>();
    private long errors;

    QueryRows(ListUsersCall call, QueryBench.Settings settings, Long serverPid, PrintWriter progress) {
        this.call = call;
        this.settings = settings;
        this.serverPid = serverPid;
        this.progress = progress;
    }

    void measureAll(int app, Population population) throws InterruptedException {
        int n = settings.samples() + settings.warmup();
        SplittableRandom random = population.queryRandom("queries");
        List<Kind> kinds = new ArrayList<>();
        kinds.add(Kind.of("allOfTwoTags", "(a)", "all of 2 tags", n,
                () -> tags(app, population, random, 2, "all")));
        kinds.add(Kind.of("anyOfThreeTags", "(b)", "any of 3 tags", n,
                () -> tags(app, population, random, 3, "any")));
        for (int chars = 1; chars <= 3; chars++) {
            int k = chars;
            kinds.add(Kind.of("nickNamePrefix" + k, "(c)", "NickNamePrefix of " + k + " character"
                    + (k == 1 ? "" : "s"), n, () -> prefix(app, population, settings.users(), random, k)));
        }
        kinds.add(Kind.of("unfiltered", "", "unfiltered", 1, () -> base(app)));
        warmUp(kinds);
        Map<String, QueryReport.Query> firstPages = new LinkedHashMap<>();
        for (Kind kind : kinds.subList(0, kinds.size() - 1)) {
            firstPages.put(kind.key(), measure(kind.key(), kind.letter() + " " + kind.description() + ", page 1",
                    kind.bodies(), null).query());
        }

        Deep any = walkAnyOfThree(app, population, random);
        Deep all = walkUnfiltered(app);
        QueryReport.Query anyFirst = measure("anyOfThreeTagsPage1", "(d) any of 3 tags, page 1",
                any.firstPages(), QueryReport.Matches.of(any.totals())).query();
        QueryReport.Query anyDeep = measure("anyOfThreeTagsDeepPage", "(d) any of 3 tags, page " + any.page(),
                any.deepPages(), QueryReport.Matches.of(any.totals())).query();
        QueryReport.Query allFirst = measure("unfilteredPage1", "(d) unfiltered, page 1", all.firstPages(),
                QueryReport.Matches.of(all.totals())).query();
        QueryReport.Query allDeep = measure("unfilteredDeepPage", "(d) unfiltered, page " + all.page(),
                all.deepPages(), QueryReport.Matches.of(all.totals())).query();

        // (e): the same bodies as (a)..(c), so that their Totals are the matching users of those rows too.
        Map<String, Measured> withTotal = new LinkedHashMap<>();
        for (Kind kind : kinds) {
            List<ObjectNode> bodies = kind.bodies().stream().map(b -> b.deepCopy().put("WithTotal", true)).toList();
            withTotal.put(kind.key(), measure(kind.key() + "WithTotal", "(e) " + kind.description()
                    + ", page 1, WithTotal", bodies, null));
        }

        firstPages.forEach((key, q) -> add(withMatches(q, withTotal.get(key).matches())));
        add(anyFirst);
        add(anyDeep);
        add(allFirst);
        add(allDeep);
        withTotal.values().forEach(m -> add(withMatches(m.query(), m.matches())));
        ratios.add(QueryReport.Ratio.of("(d) any of 3 tags: page " + any.page() + " / page 1", anyDeep, anyFirst));
        ratios.add(QueryReport.Ratio.of("(d) unfiltered: page " + all.page() + " / page 1", allDeep, allFirst));
        for (Kind kind : kinds) {
            QueryReport.Query without = kind.key().equals("unfiltered") ? allFirst : firstPages.get(kind.key());
            ratios.add(QueryReport.Ratio.of("(e) " + kind.description() + ": WithTotal / without",
                    byKey.get(kind.key() + "WithTotal"), without));
        }
    }

    /**
     * A kind of first-page query: its key in the JSON, its letter and words in the report, how to draw one
     * more, and the bodies its rows send.
     */
    private record Kind(String key, String letter, String description, Supplier<ObjectNode> draw,
            List<ObjectNode> bodies) {
        static Kind of(String key, String letter, String description, int n, Supplier<ObjectNode> draw) {
            return new Kind(key, letter, description, draw, QueryRows.bodies(n, draw));
        }
    }

    /**
     * Before any row: {@code warmup} requests of every kind, with and without WithTotal, round robin, so that
     * the server's JIT has seen every path (each row then has a warm-up of its own too).
     */
    private void warmUp(List<Kind> kinds) throws InterruptedException {
        progress.printf("  warm-up: %d requests of each kind, with and without WithTotal%n", settings.warmup());
        progress.flush();
        for (int i = 0; i < settings.warmup(); i++) {
            for (Kind kind : kinds) {
                for (boolean withTotal : new boolean[] {false, true}) {
                    ObjectNode body = kind.draw().get().put("WithTotal", withTotal);
                    ListUsersCall.Page page = call.send(body);
                    if (page.error() != null) {
                        throw new IllegalStateException("warm-up: " + body + " failed: " + page.error());
                    }
                }
            }
        }
    }

    List<QueryReport.Query> queries() {
        return List.copyOf(byKey.values());
    }

    List<QueryReport.Ratio> ratios() {
        return List.copyOf(ratios);
    }

    long errors() {
        return errors;
    }

    private void add(QueryReport.Query q) {
        byKey.put(q.key(), q);
    }

    /** A row's figures and the Totals its answers held. */
    private record Measured(QueryReport.Query query, QueryReport.Matches matches) {}

    /**
     * The first {@code warmup} bodies unmeasured, then {@code samples} measured, going round
     * {@code bodies} when there are fewer.
     */
    private Measured measure(String key, String label, List<ObjectNode> bodies, QueryReport.Matches matches)
            throws InterruptedException {
        progress.printf("  %s%n", label.strip());
        progress.flush();
        int warmup = settings.warmup();
        Map<String, Long> errorsByCode = new TreeMap<>();
        for (int i = 0; i < warmup; i++) {
            ListUsersCall.Page page = call.send(bodies.get(i % bodies.size()));
            if (page.error() != null) {
                errorsByCode.merge(page.error(), 1L, Long::sum);
            }
        }
        Histogram micros = new Histogram(HIGHEST_MICROS, 3);
        List<Long> totals = new ArrayList<>();
        long users = 0;
        long cpuBefore = serverPid == null ? -1 : ProcessCpu.nanos(serverPid);
        for (int i = 0; i < settings.samples(); i++) {
            ListUsersCall.Page page = call.send(bodies.get((warmup + i) % bodies.size()));
            micros.recordValue(Math.min(HIGHEST_MICROS, TimeUnit.NANOSECONDS.toMicros(page.nanos())));
            if (page.error() != null) {
                errorsByCode.merge(page.error(), 1L, Long::sum);
            }
            users += page.users();
            if (page.total() != null) {
                totals.add(page.total());
            }
        }
        long cpuAfter = serverPid == null ? -1 : ProcessCpu.nanos(serverPid);
        long failed = errorsByCode.values().stream().mapToLong(Long::longValue).sum();
        errors += failed;
        Double cpu = cpuBefore < 0 || cpuAfter < 0 ? null
                : Report.round((cpuAfter - cpuBefore) / 1000.0 / settings.samples());
        QueryReport.Query query = new QueryReport.Query(key, label, settings.samples(), warmup, failed,
                errorsByCode, Report.Latency.of(micros), cpu, Report.round((double) users / settings.samples()),
                matches);
        return new Measured(query, QueryReport.Matches.of(totals));
    }

    private static QueryReport.Query withMatches(QueryReport.Query q, QueryReport.Matches matches) {
        return new QueryReport.Query(q.key(), q.label(), q.samples(), q.warmup(), q.errors(), q.errorsByCode(),
                q.latencyMs(), q.serverCpuMicrosPerRequest(), q.usersPerPage(), matches);
    }

    /** (d): {@value #DEEP_QUERIES} any-of-three queries walked from page 1 to the deep page. */
    private Deep walkAnyOfThree(int app, Population population, SplittableRandom random) throws InterruptedException {
        List<ObjectNode> queries = new ArrayList<>();
        List<List<String>> cursors = new ArrayList<>();
        List<Long> totals = new ArrayList<>();
        for (int i = 0; i < DEEP_QUERIES; i++) {
            ObjectNode query = tags(app, population, random, 3, "any");
            progress.printf("  walking %s to page %d%n", query.get("Tags"), settings.deepPage());
            progress.flush();
            queries.add(query);
            cursors.add(walk(query, totals));
        }
        int page = cursors.stream().mapToInt(List::size).min().orElseThrow() + 1;
        List<ObjectNode> deep = new ArrayList<>();
        for (int i = 0; i < DEEP_QUERIES; i++) {
            deep.add(page == 1 ? queries.get(i)
                    : queries.get(i).deepCopy().put("Cursor", cursors.get(i).get(page - 2)));
        }
        return new Deep(page, queries, deep, totals);
    }

    private Deep walkUnfiltered(int app) throws InterruptedException {
        progress.printf("  walking the unfiltered listing to page %d%n", settings.deepPage());
        progress.flush();
        List<Long> totals = new ArrayList<>();
        ObjectNode query = base(app);
        List<String> cursors = walk(query, totals);
        int page = cursors.size() + 1;
        return new Deep(page, List.of(query), List.of(page == 1 ? query
                : query.deepCopy().put("Cursor", cursors.get(page - 2))), totals);
    }

    /**
     * Follows NextCursor from page 1 to the deep page or the last; returns the cursors of pages 2, 3, ...
     * reached. Page 1 is asked WithTotal, for the row's matching users.
     */
    private List<String> walk(ObjectNode query, List<Long> totals) throws InterruptedException {
        List<String> cursors = new ArrayList<>();
        ListUsersCall.Page page = call.send(query.deepCopy().put("WithTotal", true));
        while (true) {
            if (page.error() != null) {
                throw new IllegalStateException("walking " + query + " failed on page " + (cursors.size() + 1)
                        + ": " + page.error());
            }
            if (page.total() != null) {
                totals.add(page.total());
            }
            if (page.nextCursor() == null || cursors.size() + 1 >= settings.deepPage()) {
                return cursors;
            }
            cursors.add(page.nextCursor());
            page = call.send(query.deepCopy().put("Cursor", page.nextCursor()));
        }
    }

    /** The deep page of (d): which page it is, the bodies of page 1 and of that page, the queries' Totals. */
    private record Deep(int page, List<ObjectNode> firstPages, List<ObjectNode> deepPages, List<Long> totals) {}

    private static List<ObjectNode> bodies(int n, Supplier<ObjectNode> next) {
        List<ObjectNode> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            bodies.add(next.get());
        }
        return bodies;
    }

    static ObjectNode base(int app) {
        return JsonNodeFactory.instance.objectNode().put("AppId", app).put("Limit", LIMIT);
    }

    private static ObjectNode tags(int app, Population population, SplittableRandom random, int count, String match) {
        ObjectNode body = base(app);
        population.distinctTags(random, count).forEach(body.putArray("Tags")::add);
        return body.put("TagMatch", match);
    }

    /** The first {@code chars} code points of a random user's NickName, as typed (the server folds it). */
    private static ObjectNode prefix(int app, Population population, long users, SplittableRandom random,
            int chars) {
        // Drawn from the users' own NickNames, so that common prefixes come up as often as they are common.
        while (true) {
            String nick = population.user(1 + random.nextLong(users)).nickName();
            if (nick.codePointCount(0, nick.length()) >= chars) {
                return base(app).put("NickNamePrefix", nick.substring(0, nick.offsetByCodePoints(0, chars)));
            }
        }
    }
}
