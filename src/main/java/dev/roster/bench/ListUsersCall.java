package dev.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.auth.RequestSigner;
import java.io.IOException;
import java.net.URI;

/**
 * Sends ListUsers one request at a time over one connection ({@link SignedCalls}), and reads what the
 * answer says: how many users, the NextCursor, the Total. Latency is from the send to the whole answer;
 * signing before and parsing after are outside it.
 */
final class ListUsersCall implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SignedCalls calls;

    ListUsersCall(URI server, RequestSigner signer) {
        this.calls = new SignedCalls(server, signer, 1);
    }

    /**
     * One page: {@code error} as in {@link Answer} (also {@code "Malformed"} for a 200 without
     * {@code Result.Users}), {@code nextCursor} and {@code total} null when absent.
     */
    record Page(long nanos, String error, int users, String nextCursor, Long total) {}

    Page send(ObjectNode body) throws InterruptedException {
        SignedCalls.Timed timed = calls.call("ListUsers", Actions.ROSTER_VERSION, body.toString());
        BenchClient.Reply reply = timed.reply();
        long nanos = timed.nanos();
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
        calls.close();
    }
}
