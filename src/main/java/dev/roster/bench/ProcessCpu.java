package dev.roster.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time (user + system) used so far by a process, from Linux's {@code /proc/<pid>/stat} (fields 14 and
 * 15, in clock ticks of {@code getconf CLK_TCK}, usually 10 ms each). Other systems have no {@code /proc}:
 * there the server's CPU is unknown and the bench's own comes from the JVM.
 */
final class ProcessCpu {
    private static final long DEFAULT_TICKS_PER_SECOND = 100;
    private static volatile long ticksPerSecond;

    private ProcessCpu() {}

    /** CPU nanoseconds used by process {@code pid}, or -1 when it cannot be read. */
    static long nanos(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        try {
            String text = Files.readString(stat, StandardCharsets.US_ASCII);
            // The command name (field 2) is in parentheses and may hold spaces: count fields after its end.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1_000_000_000L / ticksPerSecond();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU nanoseconds used by this JVM. */
    static long selfNanos() {
        long nanos = nanos(ProcessHandle.current().pid());
        if (nanos >= 0) {
            return nanos;
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean jvm ? jvm.getProcessCpuTime() : -1;
    }

    private static long ticksPerSecond() {
        if (ticksPerSecond == 0) {
            ticksPerSecond = askGetconf();
        }
        return ticksPerSecond;
    }

    private static long askGetconf() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : DEFAULT_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_TICKS_PER_SECOND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_TICKS_PER_SECOND;
        }
    }
}
