package dev.roster.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** What {@link BroadcastBench} measured, printed as text; medians over the rounds. */
public record BroadcastReport(String description, long users, double loadSeconds, double idleAcceptP50Ms,
        double idleAcceptP99Ms, double idleReadySeconds, double idleBigAcceptMs, double buildAcceptP50Ms,
        double buildAcceptP99Ms, List<Round> rounds, long errors) {

    /**
     * One round: BatchUpdateUser alone and while an audience of everyone was built (requests per second and
     * server CPU per request in µs), how long that audience took, and the big UserBroadcast's own latency.
     */
    public record Round(double alonePerSecond, double aloneCpuMicros, double duringPerSecond, double duringCpuMicros,
            double readySeconds, double bigAcceptMs) {
        double ratio() {
            return duringPerSecond / alonePerSecond;
        }
    }

    /** The figures as JSON, for scripts: every component, the rounds included. */
    public String json() {
        return JsonText.of(this);
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(description).append('\n');
        out.append(String.format(Locale.ROOT, "loaded %d users in %.1f s%n", users, loadSeconds));
        out.append(String.format(Locale.ROOT, "(a) UserBroadcast, idle server:          p50 %7.2f ms   p99 %7.2f ms%n",
                idleAcceptP50Ms, idleAcceptP99Ms));
        out.append(String.format(Locale.ROOT, "(b) audience of %d ready, idle server:  %.1f s (its UserBroadcast"
                + " %.2f ms); UserBroadcast meanwhile p50 %.2f ms, p99 %.2f ms%n", users, idleReadySeconds,
                idleBigAcceptMs, buildAcceptP50Ms, buildAcceptP99Ms));
        out.append(String.format(Locale.ROOT, "%-6s %12s %12s %8s %10s %10s %9s %10s%n", "round", "updates/s",
                "during", "ratio", "cpu µs", "during", "ready s", "big ms"));
        for (int i = 0; i < rounds.size(); i++) {
            Round r = rounds.get(i);
            out.append(String.format(Locale.ROOT, "%-6d %12.0f %12.0f %8.2f %10.0f %10.0f %9.1f %10.2f%n",
                    i + 1, r.alonePerSecond(), r.duringPerSecond(), r.ratio(), r.aloneCpuMicros(),
                    r.duringCpuMicros(), r.readySeconds(), r.bigAcceptMs()));
        }
        out.append(String.format(Locale.ROOT, "median: BatchUpdateUser during/alone %.2f; ready in %.1f s while"
                + " updating%n", median(Round::ratio), median(Round::readySeconds)));
        out.append("columns: updates/s alone (the mean of the phases before and after) and during the build, their"
                + " ratio, server CPU per update alone and during (the build's own CPU included), seconds to ready,"
                + " the big UserBroadcast's latency\n");
        if (errors > 0) {
            out.append("requests failed: ").append(errors).append('\n');
        }
        return out.toString();
    }

    public void print(PrintWriter out) {
        out.print(text());
        out.flush();
    }

    private double median(ToDoubleFunction<Round> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
