package dev.roster.bench;

import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Calls of any Action, signed like the SDKs, each waiting for its answer, over at most {@code connections}
 * connections. Latency is from the send to the whole answer; signing is outside it.
 */
final class SignedCalls implements AutoCloseable {
    private final BenchClient client;
    private final URI server;
    private final RequestSigner signer;

    SignedCalls(URI server, RequestSigner signer, int connections) {
        this.client = BenchClient.start(connections, connections);
        this.server = server;
        this.signer = signer;
    }

    /** An answer and how long it took. */
    record Timed(long nanos, BenchClient.Reply reply) {
        String error() {
            return reply.answer().error();
        }
    }

    Timed call(String action, String version, String body) throws InterruptedException {
        URI uri = server.resolve("/?Action=" + action + "&Version=" + version);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var signature = signer.sign("POST", uri, RequestSigner.CONTENT_TYPE, SignatureV4.sha256Hex(bytes),
                Instant.now());
        long start = System.nanoTime();
        BenchClient.Reply reply = client.call(uri, bytes, signature);
        return new Timed(System.nanoTime() - start, reply);
    }

    @Override
    public void close() {
        client.close();
    }
}
