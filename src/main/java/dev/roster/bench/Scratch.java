package dev.roster.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * What a comparison leaves behind — child processes, open databases, temporary directories — undone in
 * reverse order by {@link #close}, which also runs on Ctrl-C (a shutdown hook) and runs only once.
 */
final class Scratch implements AutoCloseable {
    private final Path base;
    private final Deque<AutoCloseable> undo = new ArrayDeque<>();
    private final Thread hook = new Thread(this::close, "bench-cleanup");
    private boolean closed;

    /** Temporary directories go under {@code base}. */
    Scratch(Path base) {
        this.base = base;
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A new empty directory, deleted with everything in it at the end. */
    synchronized Path newDirectory(String prefix) throws IOException {
        requireOpen();
        Path dir = Files.createTempDirectory(base, prefix);
        undo.push(() -> deleteTree(dir));
        return dir;
    }

    /** A new empty directory that is left in place at the end, for a look at what a run wrote. */
    synchronized Path keptDirectory(String prefix) throws IOException {
        requireOpen();
        return Files.createTempDirectory(base, prefix);
    }

    /** {@code resource}, closed at the end (before what was registered earlier). */
    synchronized <T extends AutoCloseable> T keep(T resource) throws Exception {
        if (closed) {
            resource.close(); // the JVM is stopping: nothing may outlive it
            requireOpen();
        }
        undo.push(resource);
        return resource;
    }

    /** Closes {@code resource} now rather than at the end. */
    synchronized void closeNow(AutoCloseable resource) throws Exception {
        undo.remove(resource);
        resource.close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!undo.isEmpty()) {
            try {
                undo.pop().close();
            } catch (Exception e) {
                System.err.println("roster bench: while cleaning up: " + e);
            }
        }
        if (Thread.currentThread() != hook) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("stopping");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
