package dev.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.api.Actions;
import dev.roster.auth.Credentials;
import dev.roster.auth.RequestSigner;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * {@code roster bench broadcast}: what UserBroadcast costs. It registers N users who all hold one of two
 * tags ({@link Population#withAudienceTags}), then measures (a) UserBroadcast's latency on an idle server,
 * for an audience of nobody; (b) how long the audience of everyone (any of the two tags, N users) takes to
 * be ready on an idle server; and, {@code rounds} times, (c) BatchUpdateUser's throughput from {@code lanes}
 * connections for {@code phase}, then (d) the same while an audience of N users is being built, with how
 * long it takes to be ready meanwhile, then (c) again; "alone" is the mean of the phases before and after
 * (a round's "after" is the next round's "before"). During every build, a broadcast to nobody every 20 ms measures
 * UserBroadcast's latency while an audience of N users is being built. The server's CPU per request comes from /proc. On a child server over a fresh SQLite store (or
 * PostgreSQL), removed at the end. Two unmeasured phases of updates warm the server up first.
 */
public final class BroadcastBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);
    private static final long PROBE_EVERY_MS = 20;
    private static final long READY_POLL_MS = 100;
    private static final int WARMUP_PHASES = 2;

    /** What to measure, and where the child server goes. */
    public record Settings(long users, int rounds, int samples, Duration phase, int lanes, long seed, Path workDir,
            boolean keep, Comparison.Postgres postgres) {
        public Settings {
            if (users < 1 || rounds < 1 || samples < 1 || lanes < 1) {
                throw new IllegalArgumentException("--users, --rounds, --samples and --lanes: at least 1");
            }
            if (phase.toMillis() < 100) {
                throw new IllegalArgumentException("--phase: at least 100ms");
            }
        }
    }

    private BroadcastBench() {}

    public static BroadcastReport run(Settings settings, PrintWriter progress) throws Exception {
        try (Scratch scratch = new Scratch(settings.workDir())) {
            Credentials root = Credentials.generate();
            Path dir = settings.keep() ? scratch.keptDirectory("roster-bench-broadcast-")
                    : scratch.newDirectory("roster-bench-broadcast-");
            Comparison.Postgres postgres = settings.postgres();
            progress.printf("starting serve in %s%n", dir);
            progress.flush();
            ServerProcess server = scratch.keep(ServerProcess.start(root, dir, Comparison.env(postgres)));
            RequestSigner signer = new RequestSigner(root, BenchSettings.DEFAULT_REGION);
            int app = postgres == null ? 1 : Comparison.freshApp();
            try {
                return new Run(settings, server.url(), signer, app, server.pid(), progress)
                        .measure(postgres == null ? "a child server on SQLite" : "a child server on PostgreSQL");
            } finally {
                if (postgres != null && !settings.keep()) {
                    QueryBench.resetApp(server.url(), signer, app);
                }
            }
        }
    }

    /** One run's state: where to send, and the counters of the requests that failed. */
    private static final class Run {
        private final Settings settings;
        private final URI url;
        private final RequestSigner signer;
        private final int app;
        private final long pid;
        private final PrintWriter progress;
        private final AtomicLong errors = new AtomicLong();

        Run(Settings settings, URI url, RequestSigner signer, int app, long pid, PrintWriter progress) {
            this.settings = settings;
            this.url = url;
            this.signer = signer;
            this.app = app;
            this.pid = pid;
            this.progress = progress;
        }

        BroadcastReport measure(String store) throws Exception {
            Population population = new Population(settings.seed(), 100).withAudienceTags();
            say("registering %d users in AppId %d", settings.users(), app);
            PopulationLoad.Cost load = PopulationLoad.run(url, signer, app, population, settings.users(), pid,
                    progress);
            say("loaded in %.1f s", load.nanos() / 1e9);
            List<BroadcastReport.Round> rounds = new ArrayList<>();
            Phase after = null;
            Histogram idleAccept;
            double idleReady;
            double idleBig;
            Histogram idleProbes;
            try (SignedCalls calls = new SignedCalls(url, signer, 1)) {
                for (int i = 0; i < WARMUP_PHASES; i++) {
                    updates(false, calls); // warm-up: the update path compiled before anything is measured
                }
                idleAccept = new Histogram(3);
                for (int i = 0; i < settings.samples() + Math.max(3, settings.samples() / 10); i++) {
                    SignedCalls.Timed sent = send(calls, "[\"bc-none\"]");
                    if (i >= Math.max(3, settings.samples() / 10)) {
                        idleAccept.recordValue(sent.nanos() / 1000);
                    }
                }
                say("(a) UserBroadcast on an idle server: p50 %.2f ms, p99 %.2f ms", ms(idleAccept, 50),
                        ms(idleAccept, 99));
                Build idle = build(calls, true);
                idleReady = idle.readySeconds();
                idleBig = idle.bigAcceptMs();
                idleProbes = idle.probes();
                say("(b) an audience of %d users ready in %.1f s on an idle server; UserBroadcast meanwhile: p50"
                        + " %.2f ms, p99 %.2f ms", settings.users(), idleReady, ms(idle.probes(), 50),
                        ms(idle.probes(), 99));
                for (int round = 1; round <= settings.rounds(); round++) {
                    Phase before = rounds.isEmpty() ? updates(false, calls) : after;
                    Phase during = updates(true, calls);
                    after = updates(false, calls);
                    // Alone: the phases just before and just after the build, against a throughput that drifts.
                    double alone = (before.perSecond() + after.perSecond()) / 2;
                    double aloneCpu = (before.cpuMicros() + after.cpuMicros()) / 2;
                    rounds.add(new BroadcastReport.Round(Report.round(alone), Report.round(aloneCpu),
                            Report.round(during.perSecond()), Report.round(during.cpuMicros()),
                            Report.round(during.build().readySeconds()), Report.round(during.build().bigAcceptMs())));
                    say("round %d: BatchUpdateUser %.0f/s alone (before and after), %.0f/s while %d users were made"
                            + " an audience (ready in %.1f s)", round, alone, during.perSecond(), settings.users(),
                            during.build().readySeconds());
                }
            }
            String description = "roster bench broadcast: " + settings.users() + " users in AppId " + app + " on "
                    + store + ", each holding bc-a or bc-b (or both) and 1-5 of 100 other tags; the big audience is"
                    + " any of [bc-a, bc-b], everyone; BatchUpdateUser of one user (a new NickName) from "
                    + settings.lanes() + " connections, " + settings.phase().toMillis() / 1000.0 + " s alone before"
                    + " and after each build"
                    + "; UserBroadcast latency over " + settings.samples() + " sequential calls (audience of nobody)";
            return new BroadcastReport(description, settings.users(), Report.round(load.nanos() / 1e9),
                    ms(idleAccept, 50), ms(idleAccept, 99), Report.round(idleReady), Report.round(idleBig),
                    ms(idleProbes, 50), ms(idleProbes, 99), rounds, errors.get());
        }

        private String audience() {
            return JSON.valueToTree(Population.AUDIENCE_TAGS).toString();
        }

        private SignedCalls.Timed send(SignedCalls calls, String tags) throws InterruptedException {
            SignedCalls.Timed sent = calls.call("UserBroadcast", Actions.VERSION, "{\"AppId\":" + app
                    + ",\"Sender\":1,\"MsgTTL\":86400,\"MsgType\":1,\"Content\":\"bench\",\"Tags\":" + tags + "}");
            if (sent.error() != null) {
                errors.incrementAndGet();
                throw new IllegalStateException("UserBroadcast failed: " + sent.error());
            }
            return sent;
        }

        /**
         * Seconds from {@code sent}'s answer until its broadcast is ready, polled every 100 ms with a cheap
         * call: ListBroadcastRecipients of one user, refused while the audience is pending.
         */
        private double secondsToReady(SignedCalls calls, SignedCalls.Timed sent) throws Exception {
            long answered = System.nanoTime();
            String requestId = JSON.readTree(sent.reply().body()).path("ResponseMetadata").path("RequestId").asText();
            String broadcastId = null;
            for (JsonNode b : JSON.readTree(calls.call("ListBroadcasts", Actions.ROSTER_VERSION, "{\"AppId\":" + app
                    + ",\"Limit\":100}").reply().body()).path("Result").path("Broadcasts")) {
                if (b.path("RequestId").asText().equals(requestId)) {
                    broadcastId = b.path("BroadcastId").asText();
                }
            }
            if (broadcastId == null) {
                throw new IllegalStateException("the broadcast of request " + requestId + " is not listed");
            }
            long deadline = answered + READY_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                SignedCalls.Timed poll = calls.call("ListBroadcastRecipients", Actions.ROSTER_VERSION, "{\"AppId\":"
                        + app + ",\"BroadcastId\":\"" + broadcastId + "\",\"Limit\":1}");
                if (poll.error() == null) {
                    return (System.nanoTime() - answered) / 1e9;
                }
                Thread.sleep(READY_POLL_MS);
            }
            throw new IllegalStateException("the audience was not ready within " + READY_TIMEOUT);
        }

        /** What one phase of updates measured; with the build it ran beside, if any. */
        private record Phase(double perSecond, double cpuMicros, Build build) {}

        /** A big audience built: seconds to ready, the big UserBroadcast's latency, small ones' meanwhile. */
        private record Build(double readySeconds, double bigAcceptMs, Histogram probes) {}

        /**
         * Sends the broadcast to everyone and waits for its audience; with {@code probing}, sends a broadcast to
         * nobody every {@value #PROBE_EVERY_MS} ms meanwhile from a connection of its own.
         */
        private Build build(SignedCalls calls, boolean probing) throws Exception {
            AtomicBoolean building = new AtomicBoolean(true);
            ConcurrentHistogram probes = new ConcurrentHistogram(3);
            ExecutorService prober = Executors.newSingleThreadExecutor();
            try (SignedCalls side = new SignedCalls(url, signer, 1)) {
                SignedCalls.Timed big = send(calls, audience());
                Future<?> sending = prober.submit(() -> {
                    while (building.get() && probing) {
                        probes.recordValue(send(side, "[\"bc-none\"]").nanos() / 1000);
                        Thread.sleep(PROBE_EVERY_MS);
                    }
                    return null;
                });
                double ready = secondsToReady(calls, big);
                building.set(false);
                sending.get();
                return new Build(ready, big.nanos() / 1e6, probes);
            } finally {
                building.set(false);
                prober.shutdownNow();
            }
        }

        /** BatchUpdateUser from the lanes: for {@code phase} alone, or while a big audience is built ({@link #build}). */
        private Phase updates(boolean beside, SignedCalls calls) throws Exception {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong done = new AtomicLong();
            ExecutorService pool = Executors.newFixedThreadPool(settings.lanes());
            try (SignedCalls lanes = new SignedCalls(url, signer, settings.lanes())) {
                List<Future<?>> futures = new ArrayList<>();
                for (int lane = 0; lane < settings.lanes(); lane++) {
                    SplittableRandom random = new SplittableRandom(settings.seed() * 1_000 + lane);
                    futures.add(pool.submit(() -> {
                        long n = 0;
                        while (running.get()) {
                            long user = 1 + random.nextLong(settings.users());
                            SignedCalls.Timed answer = lanes.call("BatchUpdateUser", Actions.VERSION, "{\"AppId\":"
                                    + app + ",\"Users\":[{\"UserId\":" + user + ",\"NickName\":\"n" + (n++) + "\"}]}");
                            if (answer.error() != null) {
                                errors.incrementAndGet();
                            } else {
                                done.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                long cpu0 = ProcessCpu.nanos(pid);
                long count0 = done.get();
                long t0 = System.nanoTime();
                Build build = null;
                if (beside) {
                    build = build(calls, false);
                } else {
                    Thread.sleep(settings.phase().toMillis());
                }
                long nanos = System.nanoTime() - t0;
                long count = done.get() - count0;
                long cpu = ProcessCpu.nanos(pid) - cpu0;
                running.set(false);
                for (Future<?> f : futures) {
                    f.get();
                }
                return new Phase(count / (nanos / 1e9), count == 0 ? 0 : cpu / 1000.0 / count, build);
            } finally {
                running.set(false);
                pool.shutdownNow();
            }
        }

        private void say(String format, Object... args) {
            progress.printf(format + "%n", args);
            progress.flush();
        }
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : Report.round(h.getValueAtPercentile(percentile) / 1000.0);
    }
}
