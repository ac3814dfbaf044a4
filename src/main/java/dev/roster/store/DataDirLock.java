package dev.roster.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The server's hold on a data directory: an OS lock on {@code roster.lock}, taken by {@code serve} for its
 * whole run and released by the OS if the process dies. A second server on the same directory and
 * {@code roster restore} into it are refused while it is held; the commands that only read or add keys
 * ({@code keys}, {@code users}, {@code backup}) do not take it.
 */
public final class DataDirLock implements AutoCloseable {
    public static final String FILE_NAME = "roster.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dataDir} (which must exist), or fails saying that a server holds it. */
    public static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StoreException("cannot open " + file + ": " + e.getMessage(), false, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very process holds it
        } catch (IOException e) {
            close(channel);
            throw new StoreException("cannot lock " + file + ": " + e.getMessage(), false, e);
        }
        if (lock == null) {
            close(channel);
            throw new StoreException("a Roster server is using " + dataDir + " (" + file + " is locked)", false, null);
        }
        return new DataDirLock(channel, lock);
    }

    /** True when a server holds the lock of {@code dataDir}. */
    public static boolean isHeld(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return false;
        }
        try (DataDirLock ignored = acquire(dataDir)) {
            return false;
        } catch (StoreException e) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
