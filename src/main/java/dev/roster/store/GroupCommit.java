package dev.roster.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for a store with one writer (SQLite): the writes that queue up while a transaction is
 * being committed share the next transaction, and so its one fsync. There is no timer: a lone write on
 * an idle store is committed at once, and the busier the store, the larger the groups.
 *
 * <p>One thread runs every write, in the order they arrived, on the pool's one connection. Each runs
 * inside a savepoint of its own: one that throws is undone alone and fails alone, one that lost a
 * race is undone and run again, and the others of its group go on. Each caller is answered only once
 * its group has committed (so a kill loses nothing acknowledged); a failure of the database itself
 * (disk full, I/O error) fails the whole group, which is rolled back.
 */
final class GroupCommit implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);
    /** At most this many writes share a transaction, so that one group never holds the others for long. */
    static final int MAX_GROUP = 256;
    private static final int MAX_ATTEMPTS = 10;

    private final DataSource writePool;
    private final Dialect dialect;
    private final StatementCache statements;
    private final BiFunction<String, SQLException, StoreException> failure;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final Object admission = new Object();
    private boolean closed;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile IntConsumer onCommit = size -> {};

    GroupCommit(DataSource writePool, Dialect dialect, StatementCache statements,
            BiFunction<String, SQLException, StoreException> failure) {
        this.writePool = writePool;
        this.dialect = dialect;
        this.statements = statements;
        this.failure = failure;
        this.writer = new Thread(this::writeGroups, "roster-store-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Runs {@code work} in the next group; returns once that group has committed. */
    <R> R run(Transactions.Work<R> work) {
        Pending<R> pending = new Pending<>(work);
        synchronized (admission) {
            if (closed) {
                throw new StoreException("the store is closed", false, null);
            }
            queue.add(pending);
        }
        try {
            return pending.answer.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Transactions committed so far. */
    long commits() {
        return commits.get();
    }

    /** Writes that have been through a committed group so far (each answered, with its result or failure). */
    long writes() {
        return writes.get();
    }

    /** Tells {@code observer} the size of every group committed from now on (on the writer thread). */
    void onCommit(IntConsumer observer) {
        onCommit = observer;
    }

    /** Writes waiting for a group. */
    int queued() {
        return queue.size();
    }

    /** Commits what is queued, then stops the writer. */
    @Override
    public void close() {
        synchronized (admission) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(Pending.STOP);
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long groups = commits.get();
        if (groups > 0) {
            LOG.info("store: {} writes committed in {} transactions ({} per commit)", writes.get(), groups,
                    String.format("%.2f", (double) writes.get() / groups));
        }
    }

    private void writeGroups() {
        List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
        boolean stopping = false;
        while (!stopping) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                break; // only close() stops the writer, with STOP; an interrupt from elsewhere ends it too
            }
            queue.drainTo(group, MAX_GROUP - 1);
            stopping = group.remove(Pending.STOP);
            if (!group.isEmpty()) {
                commit(group);
            }
            group.clear();
        }
        synchronized (admission) {
            closed = true; // whatever ended the writer, no write may wait for it any more
        }
        StoreException refused = new StoreException("the store is closed", false, null);
        queue.forEach(pending -> pending.fail(refused));
    }

    /** Runs a group in one transaction and answers each of its writes. */
    private void commit(List<Pending<?>> group) {
        try (Connection connection = writePool.getConnection()) {
            dialect.begin(connection);
            try {
                Savepoint savepoint = new Savepoint(statements.prepare(connection, "SAVEPOINT write"),
                        statements.prepare(connection, "RELEASE write"),
                        statements.prepare(connection, "ROLLBACK TO write"));
                for (Pending<?> pending : group) {
                    pending.runIn(connection, savepoint);
                }
                dialect.commit(connection);
            } catch (SQLException | RuntimeException e) {
                dialect.rollback(connection);
                throw e;
            }
        } catch (SQLException e) {
            StoreException failed = failure.apply("write", e);
            group.forEach(pending -> pending.fail(failed));
            return;
        } catch (RuntimeException e) {
            group.forEach(pending -> pending.fail(e));
            return;
        }
        commits.incrementAndGet();
        writes.addAndGet(group.size());
        group.forEach(Pending::answer);
        onCommit.accept(group.size());
    }

    /** The statements that bracket each write of a group, prepared once. */
    private record Savepoint(PreparedStatement open, PreparedStatement release, PreparedStatement rollback) {
        void undo() throws SQLException {
            rollback.execute();
            release.execute();
        }
    }

    /** A write waiting for its group, and then for its answer. */
    private static final class Pending<R> {
        static final Pending<Void> STOP = new Pending<>(null);

        private final Transactions.Work<R> work;
        private final CompletableFuture<R> answer = new CompletableFuture<>();
        /** What the write gave, once its group has run it; null if it failed on its own. */
        private Transactions.Attempt<R> done;
        private RuntimeException failed;

        Pending(Transactions.Work<R> work) {
            this.work = work;
        }

        /**
         * Runs the write in a savepoint: kept if it was written, undone if it threw (it alone fails) or
         * lost a race (run again). An SQLException is the database's failure and fails the group.
         */
        void runIn(Connection connection, Savepoint savepoint) throws SQLException {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                savepoint.open().execute();
                Transactions.Attempt<R> result;
                try {
                    result = work.run(connection);
                } catch (RuntimeException e) {
                    savepoint.undo();
                    failed = e;
                    return;
                }
                if (result.written()) {
                    savepoint.release().execute();
                    done = result;
                    return;
                }
                savepoint.undo();
            }
            failed = new StoreException("write kept conflicting with concurrent writers", true, null);
        }

        void answer() {
            if (failed != null) {
                answer.completeExceptionally(failed);
            } else {
                answer.complete(done.result());
            }
        }

        void fail(RuntimeException e) {
            answer.completeExceptionally(e);
        }
    }
}
