package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Calls of the broadcast Actions as tests make them: send and wait for the audience, walk the recipients. */
public final class BroadcastCalls {
    private BroadcastCalls() {}

    public static ApiResponse ok(ApiResponse r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.errorCode()).as(r.toString()).isNull();
        return r;
    }

    /** Sends a broadcast and returns it as ListBroadcasts shows it once its audience is ready. */
    public static JsonNode broadcastAndWait(ApiClient client, String body) throws InterruptedException {
        ApiResponse sent = ok(client.call("UserBroadcast", body));
        assertThat(sent.result().isObject() && sent.result().isEmpty()).as(sent.toString()).isTrue();
        return awaitReady(client, appOf(body), sent.metadata().path("RequestId").asText());
    }

    private static int appOf(String body) {
        return Integer.parseInt(body.replaceAll("(?s).*\"AppId\":(\\d+).*", "$1"));
    }

    /** The broadcast of the UserBroadcast call {@code requestId}, once it is ready (30 s at most). */
    public static JsonNode awaitReady(ApiClient client, int appId, String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            JsonNode found = null;
            for (JsonNode b : ok(client.callRoster("ListBroadcasts", "{\"AppId\":" + appId + ",\"Limit\":1000}"))
                    .result().path("Broadcasts")) {
                if (b.path("RequestId").asText().equals(requestId)) {
                    found = b;
                }
            }
            assertThat(found).as("the broadcast of request " + requestId).isNotNull();
            if (found.path("Status").asText().equals("ready") || System.nanoTime() > deadline) {
                assertThat(found.path("Status").asText()).isEqualTo("ready");
                return found;
            }
            Thread.sleep(20);
        }
    }

    /** Every recipient of a ready broadcast, walking NextCursor with pages of {@code limit}. */
    public static List<Long> recipients(ApiClient client, int appId, String broadcastId, int limit) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = ok(client.callRoster("ListBroadcastRecipients", "{\"AppId\":" + appId
                    + ",\"BroadcastId\":\"" + broadcastId + "\",\"Limit\":" + limit
                    + (cursor == null ? "" : ",\"Cursor\":\"" + cursor + "\"") + "}"));
            assertThat(page.result().path("UserIds").size()).isLessThanOrEqualTo(limit);
            page.result().path("UserIds").forEach(id -> ids.add(id.asLong()));
            cursor = page.result().has("NextCursor") ? page.result().path("NextCursor").asText() : null;
        } while (cursor != null);
        return ids;
    }
}
