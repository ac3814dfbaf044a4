package dev.roster.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Servers' hold on a data directory: an OS lock on {@code roster.lock}, released by the OS if the process
 * dies. Every server holds it shared for its whole run (SQLite lets several share one database file);
 * {@code roster restore} needs it alone, so it is refused while any server runs on the directory. The
 * commands that only read or add keys ({@code keys}, {@code users}, {@code export}, {@code backup}) do not
 * take it.
 *
 * <p>The OS lock is per process: servers of one JVM (tests) share one OS lock, counted here.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE_NAME = "roster.lock";
    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path file;
    private boolean closed;

    private record Held(FileChannel channel, FileLock lock, boolean shared, int holders) {}

    private DataDirLock(Path file) {
        this.file = file;
    }

    /** A server's share of the lock of {@code dataDir} (which must exist); fails while a restore holds it alone. */
    public static DataDirLock shared(Path dataDir) {
        return take(dataDir, true);
    }

    /** The lock of {@code dataDir} alone; fails, saying so, while any server holds it. */
    public static DataDirLock exclusive(Path dataDir) {
        return take(dataDir, false);
    }

    private static DataDirLock take(Path dataDir, boolean shared) {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(file);
            if (held != null) {
                if (!shared || !held.shared()) {
                    throw busy(dataDir, file);
                }
                HELD.put(file, new Held(held.channel(), held.lock(), true, held.holders() + 1));
                return new DataDirLock(file);
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw new StoreException("cannot open " + file + ": " + e.getMessage(), false, e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException | IOException e) {
                lock = null;
            }
            if (lock == null) {
                close(channel);
                throw busy(dataDir, file);
            }
            HELD.put(file, new Held(channel, lock, shared, 1));
            return new DataDirLock(file);
        }
    }

    private static StoreException busy(Path dataDir, Path file) {
        return new StoreException("a Roster server is using " + dataDir + " (" + file + " is locked)", false, null);
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(file);
            if (held.holders() > 1) {
                HELD.put(file, new Held(held.channel(), held.lock(), held.shared(), held.holders() - 1));
                return;
            }
            HELD.remove(file);
            try {
                held.lock().release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            close(held.channel());
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
