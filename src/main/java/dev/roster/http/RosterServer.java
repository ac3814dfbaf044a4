package dev.roster.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The embedded Jetty server: one connector (HTTP/1.1; with TLS, HTTPS with HTTP/2 and HTTP/1.1) guarded by
 * the connection limits (all clients, and per client address) and the header deadline; the probes and the
 * API behind a graceful-shutdown handler so that {@link #close()} stops accepting, lets requests in flight
 * finish (up to the stop timeout), then closes.
 */
public final class RosterServer implements AutoCloseable {
    private static final int MAX_THREADS = 200;
    private static final int MIN_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final ServerConnector admin;
    private final HeaderDeadline headerDeadline;

    private RosterServer(Server server, ServerConnector connector, ServerConnector admin,
            HeaderDeadline headerDeadline) {
        this.server = server;
        this.connector = connector;
        this.admin = admin;
        this.headerDeadline = headerDeadline;
    }

    /**
     * Starts listening on {@code host:port} ({@code port} 0 picks a free port); {@code tls} null for plain
     * HTTP; {@code metrics} null for no {@code /metrics}. With an {@code adminPort} (0 for any free one), the
     * probes and {@code /metrics} are served on that port only, over plain HTTP, and the API port serves the
     * API only.
     */
    public static RosterServer start(String host, int port, Handler api, Readiness readiness, String defaultRegion,
            Duration stopTimeout, HttpLimits limits, ClientAddresses clients, Clock clock, Tls tls,
            PrometheusMeterRegistry metrics, Integer adminPort) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("roster-http");
        // Buffers are not pooled: under fuzzing, Jetty 12.1's pooled request buffers were now and then
        // reused while still in use (about once in 200,000 requests: a body read wrong, an answer to the
        // wrong request on a kept-alive connection, a connection closed unanswered; Jetty issue #12939 is of
        // that kind and open). 1.8 million fuzzed requests without a pool showed none. ServerFuzzTest holds it.
        Server server = new Server(threads, null, new ByteBufferPool.NonPooling());

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        // Without a pool, heap buffers: allocating them is nearly free, allocating direct ones is not.
        http.setUseInputDirectByteBuffers(false);
        http.setUseOutputDirectByteBuffers(false);
        ServerConnector connector = connector(server, http, tls);
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        HeaderDeadline headerDeadline = new HeaderDeadline(limits.headerTimeout());
        connector.addBean(headerDeadline);
        connector.addBean(new ClientConnectionLimit(limits.maxConnectionsPerClient(), clients));
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

        Handler.Sequence operations = new Handler.Sequence(new ProbeHandler(readiness));
        if (metrics != null) {
            operations.addHandler(new MetricsHandler(metrics));
        }
        ServerConnector admin = null;
        Handler routes;
        if (adminPort == null) {
            routes = new Handler.Sequence(operations, api);
        } else {
            admin = new ServerConnector(server, new HttpConnectionFactory(http));
            admin.setHost(host);
            admin.setPort(adminPort);
            admin.setIdleTimeout(limits.idleTimeout().toMillis());
            server.addConnector(admin);
            routes = new ByConnector(admin, operations, api);
        }
        server.setHandler(new GracefulHandler(headerDeadline.around(routes)));
        server.setErrorHandler(new EnvelopeErrorHandler(defaultRegion, clock));
        server.setStopTimeout(stopTimeout.toMillis());
        server.setStopAtShutdown(false);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            headerDeadline.close();
            throw e;
        }
        return new RosterServer(server, connector, admin, headerDeadline);
    }

    /** Plain HTTP/1.1; or with TLS, HTTPS with HTTP/2 and HTTP/1.1 chosen by ALPN. */
    private static ServerConnector connector(Server server, HttpConfiguration http, Tls tls) throws Exception {
        return tls == null
                ? new ServerConnector(server, new HttpConnectionFactory(http))
                : TlsConnector.create(server, http, tls);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The port of the probes and metrics when they have one of their own, else -1. */
    public int adminPort() {
        return admin == null ? -1 : admin.getLocalPort();
    }

    /** Requests on the admin connector go to the operations handlers; all others to the API. */
    private static final class ByConnector extends Handler.Abstract {
        private final ServerConnector admin;
        private final Handler operations;
        private final Handler api;

        ByConnector(ServerConnector admin, Handler operations, Handler api) {
            this.admin = admin;
            this.operations = operations;
            this.api = api;
            installBean(operations);
            installBean(api);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            return request.getConnectionMetaData().getConnector() == admin
                    ? operations.handle(request, response, callback)
                    : api.handle(request, response, callback);
        }
    }

    /** Stops accepting, waits for requests in flight (up to the stop timeout), then closes everything. */
    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            headerDeadline.close();
        }
    }
}
