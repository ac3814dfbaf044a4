package dev.roster.bench;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One {@code roster bench} run: register the users, sign every request, send during the warm-up and the
 * measured window, and report. The CPU of the server (when its pid is known) and of the bench itself is
 * read at the start of the measured window and once its last answer is in.
 */
public final class Bench {
    /** How often every request is signed again: X-Date must stay within the server's clock skew (15 min). */
    static final long RESIGN_EVERY_SECONDS = 60;

    private Bench() {}

    /** Runs {@code settings}; progress lines go to {@code progress}. */
    public static Report run(BenchSettings settings, PrintWriter progress) throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bench-timer");
            thread.setDaemon(true);
            return thread;
        });
        try (BenchClient client = BenchClient.start(settings.connections(), maxQueued(settings))) {
            if (settings.register()) {
                progress.printf("registering users 1..%d in AppIds %s%n", settings.registeredUsers(),
                        settings.targets().stream().map(BenchSettings.Target::app).distinct().toList());
                progress.flush();
                Registration.run(settings, client);
            }
            Workload workload = Workload.build(settings, NickNames.fresh(), Instant.now());
            timer.scheduleAtFixedRate(() -> workload.resign(Instant.now()), RESIGN_EVERY_SECONDS,
                    RESIGN_EVERY_SECONDS, TimeUnit.SECONDS);
            progress.printf("%d requests signed; %s of warm-up, then %s measured%n", workload.size(),
                    Report.seconds(settings.warmup()), Report.seconds(settings.duration()));
            progress.flush();

            Tally tally = new Tally();
            Driver driver = settings.openLoop()
                    ? new OpenLoop(settings.rate(), workload, client, tally)
                    : new ClosedLoop(settings.connections(), workload, client, tally, timer);
            long start = System.nanoTime();
            Window window = new Window(start, start + settings.warmup().toNanos(),
                    start + settings.warmup().toNanos() + settings.duration().toNanos());
            ScheduledFuture<CpuReading> cpuAtStart = timer.schedule(() -> CpuReading.now(settings.serverPid()),
                    window.measureFrom() - System.nanoTime(), TimeUnit.NANOSECONDS);
            driver.run(window);
            Report.CpuUse cpu = cpuAtStart.get().until(CpuReading.now(settings.serverPid()));
            long measured = tally.lastCompletion(window.end()) - window.measureFrom();
            return Report.of(settings.describe(), tally, measured, cpu);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            timer.shutdownNow();
        }
    }

    /** Open loop: as many queued requests as 30 s at the rate, so that a stalled server is measured, not refused. */
    private static int maxQueued(BenchSettings settings) {
        long byRate = (long) settings.rate() * BenchClient.REQUEST_TIMEOUT.toSeconds();
        return (int) Math.min(1_000_000, Math.max(1024, byRate));
    }

    /** CPU nanoseconds used so far by the server (-1 when unknown) and by this process. */
    private record CpuReading(long server, long bench) {
        static CpuReading now(Long serverPid) {
            return new CpuReading(serverPid == null ? -1 : ProcessCpu.nanos(serverPid), ProcessCpu.selfNanos());
        }

        /** What was used from this reading to {@code later}. */
        Report.CpuUse until(CpuReading later) {
            return new Report.CpuUse(used(server, later.server), used(bench, later.bench));
        }

        private static Long used(long before, long after) {
            return before < 0 || after < 0 ? null : after - before;
        }
    }
}
