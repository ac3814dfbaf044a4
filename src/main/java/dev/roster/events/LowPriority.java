package dev.roster.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery threads at a lower CPU priority than the threads that answer requests (Linux: nice
 * {@value #NICE}, set per thread with {@code renice}, which any process may do to its own threads).
 * A delivery costs about as much CPU as a request, and one request can make ten events: when the cores
 * are saturated, requests come first and deliveries take what is left, catching up as soon as the load
 * drops. On an idle or lightly loaded machine a lower priority changes nothing. Where threads cannot be
 * reniced (not Linux, no {@code renice}), deliveries run at normal priority; that is logged once.
 */
public final class LowPriority {
    static final int NICE = 19;
    private static final Logger LOG = LoggerFactory.getLogger(LowPriority.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private LowPriority() {}

    /** Lowers the priority of the calling thread, if the platform lets it. */
    public static void lowerThisThread() {
        try {
            if (!Files.isSymbolicLink(THREAD_SELF)) {
                throw new IOException("no " + THREAD_SELF + " (not Linux)");
            }
            renice(Files.readSymbolicLink(THREAD_SELF).getFileName().toString());
        } catch (IOException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.info("events: deliveries run at normal CPU priority ({})", e.getMessage());
            }
        }
    }

    /** Lowers the priority of this process's threads whose name starts with {@code prefix} (threads a library made). */
    public static void lowerThreadsNamed(String prefix) {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return;
        }
        try (var ids = Files.list(tasks)) {
            for (Path task : ids.toList()) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (name.startsWith(prefix)) {
                    renice(task.getFileName().toString());
                }
            }
        } catch (IOException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.info("events: deliveries run at normal CPU priority ({})", e.getMessage());
            }
        }
    }

    private static void renice(String tid) throws IOException {
        try {
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(NICE), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                renice.destroyForcibly();
                throw new IOException("renice failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code task}, run on a thread that first lowers its own priority. */
    public static Runnable lowered(Runnable task) {
        return () -> {
            lowerThisThread();
            task.run();
        };
    }
}
