package dev.roster.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections whose request line and headers do not arrive within the header timeout, however
 * slowly they trickle (every byte restarts Jetty's idle timeout, so that alone never fires on a
 * trickle). On an HTTP/1.x connection the clock starts when the connection opens, and again with the
 * first byte after each answer; it stops when the request reaches the handlers. A TLS handshake must
 * also finish within the timeout. HTTP/2 connections are left to Jetty's HTTP/2 limits and the idle
 * timeout. Jetty has no such deadline of its own; a sweep every quarter second checks every watched
 * connection, so the cost per request is two map lookups.
 */
final class HeaderDeadline implements Connection.Listener, SslHandshakeListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    private static final long SWEEP_MILLIS = 250;

    /** One connection's clock; guarded by its own monitor. */
    private static final class Watch {
        long since;
        long bytesMark;
        int inFlight;

        Watch(long since) {
            this.since = since;
        }
    }

    private final long timeoutNanos;
    private final ConcurrentMap<Connection, Watch> watched = new ConcurrentHashMap<>();
    private final ConcurrentMap<SSLEngine, Connection> handshaking = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    HeaderDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "roster-header-deadline");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection) {
            watched.put(connection, new Watch(System.nanoTime()));
        } else if (connection instanceof SslConnection ssl) {
            watched.put(connection, new Watch(System.nanoTime()));
            handshaking.put(ssl.getSSLEngine(), ssl);
        }
    }

    @Override
    public void onClosed(Connection connection) {
        watched.remove(connection);
        if (connection instanceof SslConnection ssl) {
            handshaking.remove(ssl.getSSLEngine());
        }
    }

    @Override
    public void handshakeSucceeded(Event event) {
        Connection connection = handshaking.remove(event.getSSLEngine());
        if (connection != null) {
            watched.remove(connection);
        }
    }

    /** Wraps the handlers so that the clock stops while a request is being handled. */
    Handler around(Handler handlers) {
        return new Handler.Wrapper(handlers) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Connection connection = request.getConnectionMetaData().getConnection();
                Watch watch = watched.get(connection);
                if (watch == null) {
                    return super.handle(request, response, callback);
                }
                synchronized (watch) {
                    watch.inFlight++;
                }
                Request.addCompletionListener(request, failure -> {
                    synchronized (watch) {
                        watch.inFlight--;
                        watch.bytesMark = connection.getBytesIn();
                        watch.since = -1;
                    }
                });
                return super.handle(request, response, callback);
            }
        };
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<Connection, Watch> entry : watched.entrySet()) {
            Connection connection = entry.getKey();
            Watch watch = entry.getValue();
            synchronized (watch) {
                if (watch.inFlight > 0) {
                    continue;
                }
                if (watch.since < 0) {
                    if (connection.getBytesIn() <= watch.bytesMark) {
                        continue; // an idle keep-alive: the idle timeout's business
                    }
                    watch.since = now;
                }
                if (now - watch.since < timeoutNanos) {
                    continue;
                }
            }
            LOG.debug("closing {}: no whole request head within the header timeout", connection.getEndPoint());
            watched.remove(connection);
            connection.getEndPoint().close();
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
