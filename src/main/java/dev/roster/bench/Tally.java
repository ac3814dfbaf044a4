package dev.roster.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The figures of the measured requests, recorded from any thread: latency histograms (HdrHistogram, in
 * microseconds, 3 significant digits) and answer counts per kind, errors and failed users by Code.
 */
final class Tally {
    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Map<BenchAction, ConcurrentHistogram> latencies = new EnumMap<>(BenchAction.class);
    private final Map<BenchAction, LongAdder> errorsByAction = new EnumMap<>(BenchAction.class);
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failedUsers = new ConcurrentHashMap<>();
    private final LongAccumulator lastCompletion = new LongAccumulator(Math::max, Long.MIN_VALUE);

    Tally() {
        for (BenchAction action : BenchAction.values()) {
            latencies.put(action, new ConcurrentHistogram(HIGHEST_MICROS, 3));
            errorsByAction.put(action, new LongAdder());
        }
    }

    /** One measured request of {@code action}: how long it took from its intended start, and its answer. */
    void record(BenchAction action, long latencyNanos, Answer answer, long completedAt) {
        long micros = Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
        latencies.get(action).recordValue(micros);
        if (answer.error() != null) {
            errors.computeIfAbsent(answer.error(), code -> new LongAdder()).increment();
            errorsByAction.get(action).increment();
        }
        answer.failedUsers().forEach((code, count) ->
                failedUsers.computeIfAbsent(code, c -> new LongAdder()).add(count));
        lastCompletion.accumulate(completedAt);
    }

    /** When the last measured request completed ({@link System#nanoTime}), or {@code orElse} if none did. */
    long lastCompletion(long orElse) {
        long last = lastCompletion.get();
        return last == Long.MIN_VALUE ? orElse : last;
    }

    /** Every kind's latencies together. */
    Histogram all() {
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        latencies.values().forEach(all::add);
        return all;
    }

    Histogram latencies(BenchAction action) {
        return latencies.get(action);
    }

    long errors(BenchAction action) {
        return errorsByAction.get(action).sum();
    }

    Map<String, Long> errorsByCode() {
        return sorted(errors);
    }

    Map<String, Long> failedUsersByCode() {
        return sorted(failedUsers);
    }

    private static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((code, count) -> sorted.put(code, count.sum()));
        return sorted;
    }
}
