package dev.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Sends ListUsers one request at a time over one connection, signed like the SDKs, and reads what the
 * answer says: how many users, the NextCursor, the Total. Latency is from the send to the whole answer;
 * signing before and parsing after are outside it.
 */
final class ListUsersCall implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BenchClient client = BenchClient.start(1, 1);
    private final URI uri;
    private final RequestSigner signer;

    ListUsersCall(URI server, RequestSigner signer) {
        this.uri = server.resolve("/?Action=ListUsers&Version=" + Actions.ROSTER_VERSION);
        this.signer = signer;
    }

    /**
     * One page: {@code error} as in {@link Answer} (also {@code "Malformed"} for a 200 without
     * {@code Result.Users}), {@code nextCursor} and {@code total} null when absent.
     */
    record Page(long nanos, String error, int users, String nextCursor, Long total) {}

    Page send(ObjectNode body) throws InterruptedException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        var signature = signer.sign("POST", uri, RequestSigner.CONTENT_TYPE, SignatureV4.sha256Hex(bytes),
                Instant.now());
        long start = System.nanoTime();
        BenchClient.Reply reply = client.call(uri, bytes, signature);
        long nanos = System.nanoTime() - start;
        if (reply.answer().error() != null) {
            return new Page(nanos, reply.answer().error(), 0, null, null);
        }
        JsonNode result;
        try {
            result = JSON.readTree(reply.body()).path("Result");
        } catch (IOException e) {
            return new Page(nanos, "Malformed", 0, null, null);
        }
        JsonNode users = result.get("Users");
        if (users == null || !users.isArray()) {
            return new Page(nanos, "Malformed", 0, null, null);
        }
        JsonNode next = result.get("NextCursor");
        JsonNode total = result.get("Total");
        return new Page(nanos, null, users.size(), next == null ? null : next.asText(),
                total == null ? null : total.asLong());
    }

    @Override
    public void close() {
        client.close();
    }
}
