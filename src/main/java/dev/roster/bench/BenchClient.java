package dev.roster.bench;

import dev.roster.auth.RequestSigner;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's asynchronous HTTP client, set up to cost the bench little and to show every answer as it is: one
 * selector, answers handled on it, no User-Agent, no content decoders (Roster does not compress), no
 * protocol handlers (redirects, authentication challenges), requests queued rather than refused.
 */
final class BenchClient implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** One runs the selector (and, being NON_BLOCKING, the answers); the rest serve connects and blocking calls. */
    private static final int MAX_THREADS = 6;
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final HttpClient http;

    private BenchClient(HttpClient http) {
        this.http = http;
    }

    /** A started client with at most {@code connections} connections to the server; the rest queue. */
    static BenchClient start(int connections, int maxQueued) {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setSslContextFactory(new SslContextFactory.Client());
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        // The bench's listeners never block: answers are handled on the selector thread, without a hand-off.
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        HttpClient http = new HttpClient(transport);
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("bench-client");
        threads.setDaemon(true);
        http.setExecutor(threads);
        http.setMaxConnectionsPerDestination(connections);
        http.setMaxRequestsQueuedPerDestination(maxQueued);
        http.setUserAgentField(null);
        http.setFollowRedirects(false);
        http.setConnectTimeout(REQUEST_TIMEOUT.toMillis());
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client: " + e.getMessage(), e);
        }
        // Installed by start(). Jetty would turn a 401 without WWW-Authenticate (Roster's, like Volcengine's)
        // into a transport failure, and gzip would only add a header.
        http.getProtocolHandlers().clear();
        http.getContentDecoderFactories().clear();
        return new BenchClient(http);
    }

    /** Sends {@code request}; {@code done} gets its answer on a client thread. */
    void send(SignedRequest request, Consumer<Answer> done) {
        Request http = prepare(request.uri(), request.body(), request.signature());
        http.send(new BufferingResponseListener(MAX_RESPONSE_BYTES) {
            @Override
            public void onComplete(Result result) {
                done.accept(result.isFailed() ? Answer.transport(result.getFailure())
                        : Answer.of(result.getResponse().getStatus(), getContent()));
            }
        });
    }

    /** Sends a request and waits for its answer, with the {@code Retry-After} of a 429. */
    Reply call(URI uri, byte[] body, RequestSigner.Signature signature) throws InterruptedException {
        try {
            ContentResponse response = prepare(uri, body, signature).send();
            return new Reply(Answer.of(response.getStatus(), response.getContent()),
                    seconds(response.getHeaders().get(HttpHeader.RETRY_AFTER)), response.getContent());
        } catch (ExecutionException | TimeoutException e) {
            return new Reply(Answer.transport(e.getCause() == null ? e : e.getCause()), 1, new byte[0]);
        }
    }

    private static int seconds(String retryAfter) {
        try {
            return retryAfter == null ? 1 : Math.max(1, Integer.parseInt(retryAfter.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** An answer received in full, how many seconds a throttled client should wait, and the body as it came. */
    record Reply(Answer answer, int retryAfterSeconds, byte[] body) {}

    private Request prepare(URI uri, byte[] body, RequestSigner.Signature signature) {
        return http.newRequest(uri)
                .method(HttpMethod.POST)
                .timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(headers -> put(headers, signature.xDate(), signature.contentSha256(),
                        signature.authorization()))
                .body(new BytesRequestContent(signature.contentType(), body));
    }

    private static void put(HttpFields.Mutable headers, String xDate, String contentSha256, String authorization) {
        headers.put("X-Date", xDate);
        headers.put("X-Content-Sha256", contentSha256);
        headers.put(HttpHeader.AUTHORIZATION, authorization);
    }

    @Override
    public void close() {
        try {
            http.stop();
        } catch (Exception e) {
            // nothing is left to do with a client that fails to stop
        }
    }
}
