package dev.roster.http;

import static dev.roster.testing.BroadcastCalls.awaitReady;
import static dev.roster.testing.BroadcastCalls.broadcastAndWait;
import static dev.roster.testing.BroadcastCalls.recipients;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.auth.Credentials;
import dev.roster.cli.KeysCommandTestSupport;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.BroadcastCalls;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * UserBroadcast, ListBroadcasts and ListBroadcastRecipients over HTTP: the answer, the stored broadcast,
 * its audience (any, all, everyone) and the snapshot it is, paging, every invalid field, scope, the version
 * split, expiry, and the broadcast's events. Each test uses AppIds of its own.
 */
@Tag("behaviour")
class BroadcastHttpTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ApiResponse ok(ApiResponse r) {
        return BroadcastCalls.ok(r);
    }

    private static ApiResponse call(String action, String body) {
        return ok(SERVER.client().call(action, body));
    }

    @Test
    void a_broadcast_is_stored_whole_and_its_audience_is_any_all_or_everyone() throws Exception {
        call("RegisterUsers", """
                {"AppId":501,"Users":[
                 {"UserId":1,"Tags":["vip","de"]},
                 {"UserId":2,"Tags":["de"]},
                 {"UserId":3,"Tags":["vip"]},
                 {"UserId":4,"Tags":["fr"]},
                 {"UserId":5}]}""");
        JsonNode b = broadcastAndWait(SERVER.client(), """
                {"AppId":501,"Sender":9,"MsgTTL":3600,"MsgType":10001,"Content":"{\\"text\\":\\"hi\\"}",
                 "Tags":["vip","de","vip"],"Ext":{"k":"v"}}""");
        assertThat(b.path("BroadcastId").asText()).matches("bc_[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(b.path("AppId").asInt()).isEqualTo(501);
        assertThat(b.path("InboxType").asInt()).isZero();
        assertThat(b.path("Sender").asLong()).isEqualTo(9);
        assertThat(b.path("MsgTTL").asLong()).isEqualTo(3600);
        assertThat(b.path("MsgType").asInt()).isEqualTo(10001);
        assertThat(b.path("Content").asText()).isEqualTo("{\"text\":\"hi\"}");
        assertThat(b.path("TagOp").asInt()).isZero();
        assertThat(b.path("Tags").toString()).isEqualTo("[\"vip\",\"de\"]");
        assertThat(b.path("Ext").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(b.path("ExpireTime").asLong()).isEqualTo(b.path("CreateTime").asLong() + 3_600_000);
        assertThat(b.path("AudienceSize").asLong()).isEqualTo(3);
        assertThat(b.path("ReadyTime").asLong()).isGreaterThanOrEqualTo(b.path("CreateTime").asLong());
        assertThat(b.path("AccessKeyId").asText()).isEqualTo(RosterServerExtension.ROOT.accessKeyId());
        assertThat(recipients(SERVER.client(), 501, b.path("BroadcastId").asText(), 2)).containsExactly(1L, 2L, 3L);

        JsonNode all = broadcastAndWait(SERVER.client(), """
                {"AppId":501,"Sender":9,"MsgTTL":60,"MsgType":1,"Content":"x","TagOp":1,"Tags":["vip","de"]}""");
        assertThat(recipients(SERVER.client(), 501, all.path("BroadcastId").asText(), 10)).containsExactly(1L);
        JsonNode everyone = broadcastAndWait(SERVER.client(), """
                {"AppId":501,"Sender":9,"MsgTTL":60,"MsgType":1,"Content":"x","Tags":[],"InboxType":3}""");
        assertThat(everyone.path("InboxType").asInt()).isEqualTo(3);
        assertThat(recipients(SERVER.client(), 501, everyone.path("BroadcastId").asText(), 1000))
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        JsonNode nobody = broadcastAndWait(SERVER.client(), """
                {"AppId":501,"Sender":9,"MsgTTL":60,"MsgType":1,"Content":"x","Tags":["none"]}""");
        assertThat(nobody.path("AudienceSize").asLong()).isZero();
        assertThat(recipients(SERVER.client(), 501, nobody.path("BroadcastId").asText(), 10)).isEmpty();

        List<String> newestFirst = new ArrayList<>();
        ok(SERVER.client().callRoster("ListBroadcasts", "{\"AppId\":501}")).result().path("Broadcasts")
                .forEach(x -> newestFirst.add(x.path("BroadcastId").asText()));
        assertThat(newestFirst).containsExactly(nobody.path("BroadcastId").asText(),
                everyone.path("BroadcastId").asText(), all.path("BroadcastId").asText(), b.path("BroadcastId").asText());
        ApiResponse first = ok(SERVER.client().callRoster("ListBroadcasts", "{\"AppId\":501,\"Limit\":3}"));
        assertThat(first.result().path("Broadcasts")).hasSize(3);
        ApiResponse second = ok(SERVER.client().callRoster("ListBroadcasts", "{\"AppId\":501,\"Limit\":3,\"Cursor\":\""
                + first.result().path("NextCursor").asText() + "\"}"));
        assertThat(second.result().path("Broadcasts")).hasSize(1);
        assertThat(second.result().path("Broadcasts").get(0).path("BroadcastId").asText())
                .isEqualTo(b.path("BroadcastId").asText());
        assertThat(second.result().has("NextCursor")).isFalse();
    }

    @Test
    void the_audience_is_the_users_that_matched_when_it_was_sent() throws Exception {
        for (int round = 0; round < 6; round++) {
            // Before: users 1..20, "even" on the even ones in even rounds, on the odd ones in odd rounds; no 21.
            StringBuilder users = new StringBuilder();
            List<Long> expected = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                boolean member = i % 2 == round % 2;
                users.append(i == 1 ? "" : ",").append("{\"UserId\":").append(i).append(",\"Tags\":[")
                        .append(member ? "\"even\"" : "").append("]}");
                if (member) {
                    expected.add((long) i);
                }
            }
            call("RegisterUsers", "{\"AppId\":502,\"Users\":[" + users + "]}");
            call("UnRegisterUsers", "{\"AppId\":502,\"UserIds\":[21]}");
            ApiResponse sent = call("UserBroadcast",
                    "{\"AppId\":502,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\",\"Tags\":[\"even\"]}");
            // Straight after, while the audience may still be built: every member loses the tag, the others
            // gain it, one member goes, a new user comes with the tag, one member goes and comes back without.
            String members = expected.toString().replace(" ", "");
            call("BatchUpdateUserTags", "{\"AppId\":502,\"UserIds\":" + members + ",\"Tags\":[\"even\"],\"Op\":1}");
            call("BatchUpdateUserTags", "{\"AppId\":502,\"UserIds\":" + (round % 2 == 0 ? "[1,3,5]" : "[2,4,6]")
                    + ",\"Tags\":[\"even\"]}");
            call("UnRegisterUsers", "{\"AppId\":502,\"UserIds\":[" + expected.get(0) + "," + expected.get(1) + "]}");
            call("RegisterUsers", "{\"AppId\":502,\"Users\":[{\"UserId\":21,\"Tags\":[\"even\"]},{\"UserId\":"
                    + expected.get(1) + "}]}");
            JsonNode b = awaitReady(SERVER.client(), 502, sent.metadata().path("RequestId").asText());
            assertThat(recipients(SERVER.client(), 502, b.path("BroadcastId").asText(), 3)).as("round " + round)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void every_bad_field_is_invalid_param_naming_it_and_changes_nothing() {
        String ok = "\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\"";
        String[][] cases = {
            {"{" + ok + "}", "AppId"},
            {"{\"AppId\":503,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\"}", "Sender"},
            {"{\"AppId\":503,\"Sender\":0,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\"}", "Sender"},
            {"{\"AppId\":503,\"Sender\":\"1\",\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\"}", "Sender"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgType\":1,\"Content\":\"x\"}", "MsgTTL"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":0,\"MsgType\":1,\"Content\":\"x\"}", "MsgTTL"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":604801,\"MsgType\":1,\"Content\":\"x\"}", "MsgTTL"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":1.5,\"MsgType\":1,\"Content\":\"x\"}", "MsgTTL"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"Content\":\"x\"}", "MsgType"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":-1,\"Content\":\"x\"}", "MsgType"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":\"text\",\"Content\":\"x\"}", "MsgType"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1}", "Content"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"\"}", "Content"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":{}}", "Content"},
            {"{\"AppId\":503,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"" + "x".repeat(65_537) + "\"}",
                "Content"},
            {"{\"AppId\":503," + ok + ",\"InboxType\":-1}", "InboxType"},
            {"{\"AppId\":503," + ok + ",\"InboxType\":\"0\"}", "InboxType"},
            {"{\"AppId\":503," + ok + ",\"TagOp\":2}", "TagOp"},
            {"{\"AppId\":503," + ok + ",\"TagOp\":\"any\"}", "TagOp"},
            {"{\"AppId\":503," + ok + ",\"Tags\":\"vip\"}", "Tags"},
            {"{\"AppId\":503," + ok + ",\"Tags\":[\" \"]}", "Tags[0]"},
            {"{\"AppId\":503," + ok + ",\"Tags\":[\"a\",7]}", "Tags[1]"},
            {"{\"AppId\":503," + ok + ",\"Tags\":[\"" + "t".repeat(129) + "\"]}", "Tags[0]"},
            {"{\"AppId\":503," + ok + ",\"Tags\":" + manyTags(101) + "}", "Tags"},
            {"{\"AppId\":503," + ok + ",\"Ext\":[]}", "Ext"},
            {"{\"AppId\":503," + ok + ",\"Ext\":{\"s:x\":\"1\"}}", "Ext key"},
            {"{\"AppId\":503," + ok + ",\"Ext\":{\"k\":1}}", "Ext"},
        };
        for (String[] c : cases) {
            ApiResponse r = SERVER.client().call("UserBroadcast", c[0]);
            assertThat(r.status()).as(c[0]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[0]).isEqualTo("InvalidParam");
            assertThat(r.errorMessage()).as(c[0]).startsWith(c[1]);
        }
        assertThat(ok(SERVER.client().callRoster("ListBroadcasts", "{\"AppId\":503}")).result().path("Broadcasts"))
                .as("nothing was stored").isEmpty();
        ok(SERVER.client().call("UserBroadcast", "{\"AppId\":503," + ok + ",\"Tags\":" + manyTags(100) + "}"));

        String[][] listCases = {
            {"ListBroadcasts", "{\"AppId\":503,\"Limit\":0}", "Limit"},
            {"ListBroadcasts", "{\"AppId\":503,\"Limit\":1001}", "Limit"},
            {"ListBroadcasts", "{\"AppId\":503,\"Cursor\":\"nope\"}", "Cursor"},
            {"ListBroadcastRecipients", "{\"AppId\":503}", "BroadcastId"},
            {"ListBroadcastRecipients", "{\"AppId\":503,\"BroadcastId\":5}", "BroadcastId"},
            {"ListBroadcastRecipients", "{\"AppId\":503,\"BroadcastId\":\"bc_nope\"}", "BroadcastId"},
            {"ListBroadcastRecipients", "{\"AppId\":503,\"BroadcastId\":\"bc_nope\",\"Limit\":10001}", "Limit"},
            {"ListBroadcastRecipients", "{\"AppId\":503,\"BroadcastId\":\"bc_nope\",\"Cursor\":\"x\"}", "Cursor"},
        };
        for (String[] c : listCases) {
            ApiResponse r = SERVER.client().callRoster(c[0], c[1]);
            assertThat(r.status()).as(c[1]).isEqualTo(400);
            assertThat(r.errorCode()).as(c[1]).isEqualTo("InvalidParam");
            assertThat(r.errorMessage()).as(c[1]).startsWith(c[2] + ":");
        }
    }

    @Test
    void cursors_serve_only_their_own_list() throws Exception {
        call("RegisterUsers", "{\"AppId\":504,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3},"
                + "{\"UserId\":9223372036854775807}]}");
        String body = "{\"AppId\":504,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\"}";
        String one = broadcastAndWait(SERVER.client(), body).path("BroadcastId").asText();
        String two = broadcastAndWait(SERVER.client(), body).path("BroadcastId").asText();
        String cursor = ok(SERVER.client().callRoster("ListBroadcastRecipients",
                "{\"AppId\":504,\"BroadcastId\":\"" + one + "\",\"Limit\":1}")).result().path("NextCursor").asText();
        assertThat(recipients(SERVER.client(), 504, two, 1)).containsExactly(1L, 2L, 3L, Long.MAX_VALUE);
        byte[] bytes = Base64.getUrlDecoder().decode(cursor);
        bytes[8] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        for (String body2 : List.of("{\"AppId\":504,\"BroadcastId\":\"" + two + "\",\"Cursor\":\"" + cursor + "\"}",
                "{\"AppId\":504,\"BroadcastId\":\"" + one + "\",\"Cursor\":\"" + tampered + "\"}")) {
            ApiResponse r = SERVER.client().callRoster("ListBroadcastRecipients", body2);
            assertThat(r.errorCode()).as(body2).isEqualTo("InvalidParam");
            assertThat(r.errorMessage()).startsWith("Cursor:");
        }
        ApiResponse other = SERVER.client().callRoster("ListBroadcasts", "{\"AppId\":504,\"Cursor\":\"" + cursor + "\"}");
        assertThat(other.errorMessage()).startsWith("Cursor:");
    }

    @Test
    void only_for_the_keys_apps_and_each_under_its_own_version() {
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--apps", "505");
        ApiClient scoped = SERVER.client().signingWith(new TestSigner(new Credentials(key[0], key[1])));
        String body = "{\"AppId\":506,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\"}";
        for (ApiResponse r : List.of(scoped.call("UserBroadcast", body),
                scoped.callRoster("ListBroadcasts", "{\"AppId\":506}"),
                scoped.callRoster("ListBroadcastRecipients", "{\"AppId\":506,\"BroadcastId\":\"bc_x\"}"))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.errorCode()).isEqualTo("NoAuth");
        }
        ok(scoped.call("UserBroadcast", body.replace("506", "505")));
        JsonNode mine = ok(scoped.callRoster("ListBroadcasts", "{\"AppId\":505}")).result().path("Broadcasts");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).path("AccessKeyId").asText()).isEqualTo(key[0]);

        for (ApiResponse r : List.of(SERVER.client().callRoster("UserBroadcast", body),
                SERVER.client().call("ListBroadcasts", "{\"AppId\":506}"),
                SERVER.client().call("ListBroadcastRecipients", "{\"AppId\":506,\"BroadcastId\":\"bc_x\"}"))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("InvalidActionOrVersion");
        }
    }

    @Test
    void a_broadcast_expires_after_its_ttl_and_its_audience_is_no_longer_listed() throws Exception {
        call("RegisterUsers", "{\"AppId\":507,\"Users\":[{\"UserId\":1}]}");
        JsonNode b = broadcastAndWait(SERVER.client(),
                "{\"AppId\":507,\"Sender\":1,\"MsgTTL\":1,\"MsgType\":1,\"Content\":\"x\"}");
        long wait = b.path("ExpireTime").asLong() - System.currentTimeMillis();
        Thread.sleep(Math.max(0, wait) + 50);
        JsonNode listed = ok(SERVER.client().callRoster("ListBroadcasts", "{\"AppId\":507}")).result()
                .path("Broadcasts").get(0);
        assertThat(listed.path("Status").asText()).isEqualTo("expired");
        assertThat(listed.path("AudienceSize").asLong()).as("still told once known").isEqualTo(1);
        ApiResponse r = SERVER.client().callRoster("ListBroadcastRecipients",
                "{\"AppId\":507,\"BroadcastId\":\"" + b.path("BroadcastId").asText() + "\"}");
        assertThat(r.errorCode()).isEqualTo("InvalidParam");
        assertThat(r.errorMessage()).startsWith("BroadcastId:").contains("expired");
    }

    @Test
    void the_broadcasts_events_are_in_the_apps_event_feed() throws Exception {
        call("RegisterUsers", "{\"AppId\":508,\"Users\":[{\"UserId\":1,\"Tags\":[\"t\"]},{\"UserId\":2}]}");
        JsonNode b = broadcastAndWait(SERVER.client(),
                "{\"AppId\":508,\"Sender\":1,\"MsgTTL\":60,\"MsgType\":1,\"Content\":\"x\",\"Tags\":[\"t\"]}");
        JsonNode ready = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> types = new ArrayList<>();
        while (ready == null && System.nanoTime() < deadline) {
            types.clear();
            for (JsonNode e : ok(SERVER.client().callRoster("ListUserEvents", "{\"AppId\":508}")).result()
                    .path("Events")) {
                types.add(e.path("Type").asText());
                if (e.path("Type").asText().equals("broadcast.ready")) {
                    ready = e;
                }
            }
        }
        assertThat(types).containsExactly("user.registered", "user.registered", "broadcast.accepted",
                "broadcast.ready");
        assertThat(ready.has("UserId")).isFalse();
        assertThat(ready.path("Action").asText()).isEqualTo("UserBroadcast");
        assertThat(ready.path("RequestId").asText()).isEqualTo(b.path("RequestId").asText());
        assertThat(ready.path("Broadcast").path("BroadcastId").asText()).isEqualTo(b.path("BroadcastId").asText());
        assertThat(ready.path("Broadcast").path("AudienceSize").asLong()).isEqualTo(1);
        assertThat(ready.path("Broadcast").path("Status").asText()).isEqualTo("ready");
        assertThat(ready.path("Broadcast").path("Content").asText()).isEqualTo("x");
    }

    private static String manyTags(int n) {
        return LongStream.rangeClosed(1, n).mapToObj(i -> "\"t" + i + "\"").toList().toString().replace(" ", "");
    }
}
