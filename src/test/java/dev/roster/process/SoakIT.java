package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Steady mixed load on the packaged server for a while; reports the errors (must be none), and the
 * server's heap after a full GC and its open file descriptors at the start and at the end (must not
 * grow beyond noise). CI runs {@value #CI_SECONDS} s; the long mode is
 * {@code mvn -B verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=SoakIT -Droster.soak.seconds=1800}.
 */
class SoakIT {
    static final int CI_SECONDS = 45;
    private static final int THREADS = 4;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    @Test
    void steady_load_causes_no_error_and_no_growth() throws Exception {
        long seconds = Long.getLong("roster.soak.seconds", CI_SECONDS);
        Path dataDir = Files.createTempDirectory("roster-soak-");
        Map<String, String> env = Map.of("ROSTER_RATE_LIMITS",
                "RegisterUsers=0,BatchUpdateUser=0,BatchUpdateUserTags=0,UnRegisterUsers=0,BatchGetUser=0");
        try (RosterProcess roster = RosterProcess.start(dataDir, env)) {
            ApiClient client = roster.client();
            long pid = roster.process().pid();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong requests = new AtomicLong();
            Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(t);
                load.add(pool.submit(() -> {
                    while (running.get()) {
                        try {
                            ApiResponse r = oneRequest(client, random);
                            if (r.status() != 200 || r.errorCode() != null) {
                                errors.computeIfAbsent(r.status() + " " + r.errorCode(), k -> new AtomicLong())
                                        .incrementAndGet();
                            }
                        } catch (RuntimeException e) {
                            String cause = e.getCause() == null ? "" : ": " + e.getCause();
                            errors.computeIfAbsent(e.getClass().getSimpleName() + cause, k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                        requests.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(5_000); // warm up before the first measurement
            long heapStart = heapAfterGc(pid);
            long fdsStart = openFiles(pid);
            long requestsStart = requests.get();
            long started = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
            long heapEnd = heapAfterGc(pid);
            long fdsEnd = openFiles(pid);
            double elapsed = (System.nanoTime() - started) / 1e9;
            long measured = requests.get() - requestsStart;
            running.set(false);
            for (Future<?> f : load) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            System.out.printf("soak: %.0f s, %d requests (%.0f/s), errors %s, heap after GC %d -> %d KiB,"
                    + " open files %d -> %d%n", elapsed, measured, measured / elapsed, errors, heapStart, heapEnd,
                    fdsStart, fdsEnd);
            assertThat(errors).as("errors").isEmpty();
            assertThat(fdsEnd).as("open files").isLessThanOrEqualTo(fdsStart + 10);
            assertThat(heapEnd).as("heap after GC, KiB").isLessThanOrEqualTo(heapStart * 3 / 2 + 16 * 1024);
        } finally {
            dev.roster.testing.RosterServerExtension.deleteTree(dataDir);
        }
    }

    private static ApiResponse oneRequest(ApiClient client, Random random) {
        long user = 1 + random.nextInt(2_000);
        return switch (random.nextInt(5)) {
            case 0 -> client.call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":" + user
                    + ",\"NickName\":\"n" + random.nextInt(100) + "\",\"Tags\":[\"a\",\"b\"],\"Ext\":{\"k\":\"v\"}}]}");
            case 1 -> client.call("BatchUpdateUser", "{\"AppId\":1,\"Users\":[{\"UserId\":" + user
                    + ",\"Ext\":{\"x" + random.nextInt(5) + "\":\"" + random.nextInt() + "\"}}]}");
            case 2 -> client.call("BatchUpdateUserTags", "{\"AppId\":1,\"UserIds\":[" + user + "],\"Tags\":[\"t"
                    + random.nextInt(10) + "\"],\"Op\":" + random.nextInt(2) + "}");
            case 3 -> client.call("UnRegisterUsers", "{\"AppId\":1,\"UserIds\":[" + (user + 2_000) + "]}");
            default -> client.call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[" + user + "," + (user + 1) + "]}");
        };
    }

    /** The server's used heap in KiB right after a full GC, through jcmd. */
    private static long heapAfterGc(long pid) throws Exception {
        jcmd(pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static long openFiles(long pid) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private static String jcmd(long pid, String command) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
