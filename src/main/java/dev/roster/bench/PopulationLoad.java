package dev.roster.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.auth.RequestSigner;
import dev.roster.users.Limits;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Registers users 1..N of a {@link Population} with RegisterUsers, {@value #BATCH} users a request, from
 * {@value #CONNECTIONS} connections at once; each thread builds its next batch from the population when it
 * takes it, so that a million users never sit in memory. Like {@link Registration}, a throttled batch is
 * sent again after its {@code Retry-After} and any other failure stops the load.
 */
final class PopulationLoad {
    static final int BATCH = Limits.DEFAULTS.registerUsers();
    /** Enough requests in flight for the server to commit several batches at once, on two cores. */
    static final int CONNECTIONS = 8;
    private static final int PROGRESS_STEPS = 10;

    private PopulationLoad() {}

    /** What loading cost: how long it took and the server's CPU meanwhile (-1 when unknown). */
    record Cost(long nanos, long serverCpuNanos) {}

    static Cost run(URI server, RequestSigner signer, int app, Population population, long users, Long serverPid,
            PrintWriter progress) throws InterruptedException {
        URI uri = server.resolve("/?Action=RegisterUsers&Version=" + Actions.VERSION);
        long batches = (users + BATCH - 1) / BATCH;
        AtomicLong nextBatch = new AtomicLong();
        AtomicLong doneBatches = new AtomicLong();
        long cpuBefore = serverPid == null ? -1 : ProcessCpu.nanos(serverPid);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS, runnable -> {
            Thread thread = new Thread(runnable, "bench-load");
            thread.setDaemon(true);
            return thread;
        });
        try (BenchClient client = BenchClient.start(CONNECTIONS, CONNECTIONS)) {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                workers.add(pool.submit(() -> {
                    for (long batch; (batch = nextBatch.getAndIncrement()) < batches; ) {
                        long first = batch * BATCH + 1;
                        byte[] body = body(app, population, first, Math.min(users, first + BATCH - 1));
                        Registration.register(client, uri, signer, body, app);
                        report(doneBatches.incrementAndGet(), batches, start, progress);
                    }
                    return null;
                }));
            }
            for (Future<Void> worker : workers) {
                worker.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(BenchClient.REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        long nanos = System.nanoTime() - start;
        long cpuAfter = serverPid == null ? -1 : ProcessCpu.nanos(serverPid);
        return new Cost(nanos, cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
    }

    static byte[] body(int app, Population population, long first, long last) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("AppId", app);
        ArrayNode items = body.putArray("Users");
        for (long userId = first; userId <= last; userId++) {
            Population.User user = population.user(userId);
            ObjectNode item = items.addObject().put("UserId", userId).put("NickName", user.nickName());
            user.tags().forEach(item.putArray("Tags")::add);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void report(long done, long batches, long start, PrintWriter progress) {
        long step = Math.max(1, batches / PROGRESS_STEPS);
        if (done % step == 0 || done == batches) {
            long users = Math.min(done * BATCH, batches * BATCH);
            double seconds = (System.nanoTime() - start) / 1e9;
            synchronized (progress) {
                progress.printf("  loaded %d of %d batches (%.0f users/s)%n", done, batches, users / seconds);
                progress.flush();
            }
        }
    }
}
