package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.cli.CommandTestSupport.Result;
import dev.roster.testing.RosterServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code roster broadcast send|list|recipients} against a running server. */
class BroadcastCommandTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Result run(String... args) {
        return CommandTestSupport.run(Map.of("VOLC_ACCESSKEY", RosterServerExtension.ROOT.accessKeyId(),
                "VOLC_SECRETKEY", RosterServerExtension.ROOT.secretAccessKey(),
                "ROSTER_ENDPOINT", SERVER.roster().url().toString()), args);
    }

    @Test
    void send_waits_for_the_audience_then_list_and_recipients_show_it() throws Exception {
        var registered = SERVER.client().call("RegisterUsers", "{\"AppId\":93,\"Users\":[{\"UserId\":1,\"Tags\":[\"a\","
                + "\"b\"]},{\"UserId\":2,\"Tags\":[\"a\"]},{\"UserId\":3,\"Tags\":[\"b\"]},{\"UserId\":4}]}");
        assertThat(registered.status()).isEqualTo(200);

        Result sent = run("broadcast", "send", "--app", "93", "--sender", "1", "--ttl", "600", "--type", "10001",
                "--content", "hello", "--tag", "a", "--tag", "b", "--all", "--ext", "k=v", "--wait", "--json");
        assertThat(sent.exit()).as(sent.err()).isZero();
        JsonNode broadcast = JSON.readTree(sent.out());
        assertThat(broadcast.path("Status").asText()).isEqualTo("ready");
        assertThat(broadcast.path("AudienceSize").asLong()).isEqualTo(1);
        assertThat(broadcast.path("TagOp").asInt()).isEqualTo(1);
        assertThat(broadcast.path("Ext").path("k").asText()).isEqualTo("v");
        String id = broadcast.path("BroadcastId").asText();

        Result everyone = run("broadcast", "send", "--app", "93", "--sender", "1", "--ttl", "600", "--type", "1",
                "--content", "to all", "--wait");
        assertThat(everyone.exit()).as(everyone.err()).isZero();
        assertThat(everyone.out()).matches("bc_\\w{26}: ready, 4 users\\s*");

        Result table = run("broadcast", "list", "--app", "93");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().toList().get(0)).startsWith("BroadcastId").contains("Status", "Audience");
        assertThat(table.out().lines().toList().get(1)).contains("everyone", "to all");
        assertThat(table.out().lines().toList().get(2)).startsWith(id).contains("ready", "all of a, b", "hello");
        assertThat(run("broadcast", "list", "--app", "93", "--limit", "1", "--json").out().lines()).hasSize(1);

        Result recipients = run("broadcast", "recipients", "--app", "93", "--id", id);
        assertThat(recipients.exit()).as(recipients.err()).isZero();
        assertThat(recipients.out().lines().toList()).containsExactly("1");

        Result refused = run("broadcast", "send", "--app", "93", "--sender", "1", "--ttl", "0", "--type", "1",
                "--content", "x");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("InvalidParam: MsgTTL:");
    }
}
