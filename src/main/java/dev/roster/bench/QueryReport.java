package dev.roster.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of {@code roster bench queries}, as printed and as written by {@code --json}: the load, one
 * row per kind of ListUsers request, and the ratios the issue asks about. {@code errors} counts every
 * request answered with an error (or not at all) while measuring.
 */
public record QueryReport(String description, Load load, List<Query> queries, List<Ratio> ratios, long errors,
        String kept) {

    /** Registering the users: how many, how long, and the server's CPU per user ({@code null} when unknown). */
    public record Load(long users, double seconds, double usersPerSecond, Double serverCpuMicrosPerUser) {}

    /**
     * One kind of request, measured {@code samples} times in a row from one connection after
     * {@code warmup} unmeasured ones. {@code usersPerPage} is the mean count of users in the answers;
     * {@code matches} the Total of the same queries (from their WithTotal run), {@code null} if not known.
     */
    public record Query(String key, String label, int samples, int warmup, long errors, Map<String, Long> errorsByCode,
            Report.Latency latencyMs, Double serverCpuMicrosPerRequest, double usersPerPage, Matches matches) {}

    /** How many users the queries of a row matched: the median, least and most over its samples. */
    public record Matches(long median, long min, long max) {
        static Matches of(List<Long> totals) {
            if (totals.isEmpty()) {
                return null;
            }
            List<Long> sorted = totals.stream().sorted().toList();
            return new Matches(sorted.get((sorted.size() - 1) / 2), sorted.get(0), sorted.get(sorted.size() - 1));
        }

        @Override
        public String toString() {
            return min == max ? Long.toString(median) : median + " (" + min + "–" + max + ")";
        }
    }

    /** {@code numerator}'s figures divided by {@code denominator}'s (keys of {@link Query}). */
    public record Ratio(String label, String numerator, String denominator, double p50, double p99,
            Double serverCpu) {
        static Ratio of(String label, Query numerator, Query denominator) {
            Double over = numerator.serverCpuMicrosPerRequest();
            Double under = denominator.serverCpuMicrosPerRequest();
            Double cpu = over == null || under == null || under == 0 ? null : round(over / under);
            return new Ratio(label, numerator.key(), denominator.key(),
                    round(numerator.latencyMs().p50() / Math.max(0.001, denominator.latencyMs().p50())),
                    round(numerator.latencyMs().p99() / Math.max(0.001, denominator.latencyMs().p99())), cpu);
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }

    public String json() {
        return JsonText.of(this);
    }

    public String text() {
        StringWriter text = new StringWriter();
        print(new PrintWriter(text));
        return text.toString();
    }

    public void print(PrintWriter out) {
        out.println(description);
        out.printf(Locale.ROOT, "load: %d users in %s s, %s users/s; server CPU %s µs per user%n", load.users(),
                Report.fixed(load.seconds(), 1), Report.fixed(load.usersPerSecond(), 0),
                load.serverCpuMicrosPerUser() == null ? "unknown" : Report.fixed(load.serverCpuMicrosPerUser(), 1));
        out.println();
        String format = "%-54s %16s %6s %8s %8s %8s %8s %9s %6s%n";
        out.printf(Locale.ROOT, format, "ListUsers, Limit 100", "matching users", "users", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "server µs", "errors");
        for (Query q : queries) {
            out.printf(Locale.ROOT, format, q.label(), q.matches() == null ? "-" : q.matches().toString(),
                    Report.fixed(q.usersPerPage(), 1), Report.fixed(q.latencyMs().p50(), 2),
                    Report.fixed(q.latencyMs().p90(), 2), Report.fixed(q.latencyMs().p99(), 2),
                    Report.fixed(q.latencyMs().max(), 2),
                    q.serverCpuMicrosPerRequest() == null ? "-" : Report.fixed(q.serverCpuMicrosPerRequest(), 0),
                    q.errors() == 0 ? "0" : q.errors() + " " + q.errorsByCode());
        }
        out.println();
        String ratioFormat = "%-54s %8s %8s %11s%n";
        out.printf(Locale.ROOT, ratioFormat, "ratio", "p50", "p99", "server CPU");
        for (Ratio r : ratios) {
            out.printf(Locale.ROOT, ratioFormat, r.label(), Report.fixed(r.p50(), 2), Report.fixed(r.p99(), 2),
                    r.serverCpu() == null ? "-" : Report.fixed(r.serverCpu(), 2));
        }
        out.println();
        out.println("matching users: the Total that WithTotal answered for the same queries, median (least–most);"
                + " users: mean users per page (a page of a filtered query may be short); server µs: the server"
                + " process's CPU (user + system, /proc, 10 ms ticks) over the row's samples, per request.");
        if (errors > 0) {
            out.println(errors + " requests failed: the figures above are not to be trusted.");
        }
        if (kept != null) {
            out.println("kept: " + kept);
        }
        out.flush();
    }
}
