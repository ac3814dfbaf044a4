package dev.roster.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one measured run, as printed and as written by {@code --json}. Latencies are in
 * milliseconds; CPU in microseconds per completed request ({@code null} when unknown). {@code errors}
 * counts requests answered with an error Code or not answered at all; {@code failedUsers} counts
 * {@code FailedInfos} entries of requests that succeeded as a whole.
 */
public record Report(
        String description,
        double seconds,
        long requests,
        double throughput,
        long errors,
        Map<String, Long> errorsByCode,
        long throttled,
        long failedUsers,
        Map<String, Long> failedUsersByCode,
        Latency latencyMs,
        Map<String, ActionFigures> actions,
        Double serverCpuMicrosPerRequest,
        Double benchCpuMicrosPerRequest) {

    /** Percentiles and maximum, in milliseconds. */
    public record Latency(double p50, double p90, double p99, double p999, double max) {
        static Latency of(Histogram micros) {
            return new Latency(ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                    ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                    ms(micros.getMaxValue()));
        }

        private static double ms(long micros) {
            return micros / 1000.0;
        }
    }

    /** The figures of one kind of request. */
    public record ActionFigures(long requests, double throughput, long errors, Latency latencyMs) {}

    /** CPU nanoseconds used during the measured window; {@code null} where unknown. */
    record CpuUse(Long server, Long bench) {}

    static Report of(String description, Tally tally, long nanos, CpuUse cpu) {
        double seconds = Math.max(nanos, 1) / 1e9;
        Histogram all = tally.all();
        long requests = all.getTotalCount();
        Map<String, ActionFigures> actions = new LinkedHashMap<>();
        for (BenchAction action : BenchAction.values()) {
            Histogram latencies = tally.latencies(action);
            if (latencies.getTotalCount() > 0) {
                actions.put(action.action(), new ActionFigures(latencies.getTotalCount(),
                        round(latencies.getTotalCount() / seconds), tally.errors(action), Latency.of(latencies)));
            }
        }
        Map<String, Long> errorsByCode = tally.errorsByCode();
        Map<String, Long> failedUsersByCode = tally.failedUsersByCode();
        return new Report(description, round(seconds), requests, round(requests / seconds),
                sum(errorsByCode), errorsByCode, errorsByCode.getOrDefault(Answer.THROTTLED, 0L),
                sum(failedUsersByCode), failedUsersByCode, Latency.of(all), actions,
                perRequest(cpu.server(), requests), perRequest(cpu.bench(), requests));
    }

    public String json() {
        return JsonText.of(this);
    }

    public void print(PrintWriter out) {
        out.println(description);
        row(out, "requests", requests + " in " + fixed(seconds, 2) + " s");
        row(out, "throughput", fixed(throughput, 1) + " req/s");
        row(out, "errors", requests == 0 ? "-" : errors + (errors == 0 ? "" : " " + errorsByCode));
        row(out, "throttled", throttled + " (FlowLimitExceeded)");
        row(out, "failed users", failedUsers + (failedUsers == 0 ? "" : " " + failedUsersByCode));
        row(out, "latency ms", latency(latencyMs));
        if (actions.size() > 1) {
            actions.forEach((name, figures) -> row(out, "  " + name, figures.requests() + " req, "
                    + fixed(figures.throughput(), 1) + " req/s, " + figures.errors() + " errors, "
                    + latency(figures.latencyMs())));
        }
        row(out, "server CPU", cpu(serverCpuMicrosPerRequest));
        row(out, "bench CPU", cpu(benchCpuMicrosPerRequest));
        out.flush();
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf(Locale.ROOT, "  %-16s %s%n", name, value);
    }

    private static String latency(Latency l) {
        return "p50 " + fixed(l.p50(), 3) + "  p90 " + fixed(l.p90(), 3) + "  p99 " + fixed(l.p99(), 3)
                + "  p99.9 " + fixed(l.p999(), 3) + "  max " + fixed(l.max(), 3);
    }

    private static String cpu(Double micros) {
        return micros == null ? "unknown" : fixed(micros, 1) + " µs/request";
    }

    /** A duration in seconds, as people read it: {@code 3 s}, {@code 0.5 s}. */
    static String seconds(Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        return (seconds == Math.rint(seconds) ? Long.toString((long) seconds) : fixed(seconds, 3)) + " s";
    }

    static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Double perRequest(Long nanos, long requests) {
        return nanos == null || requests == 0 ? null : round(nanos / 1000.0 / requests);
    }

    /** A figure to three decimals, as every bench report gives them. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
