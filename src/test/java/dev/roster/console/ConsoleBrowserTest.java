package dev.roster.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.cli.KeysCommandTestSupport;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.NodeScript;
import dev.roster.testing.RosterServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web console end to end, in Debian's Chromium (headless) driven by playwright-core
 * (src/test/node/console-e2e.mjs): every step a person takes, checked on the page and in the store.
 * Chromium and Node must be installed ({@code .ci/run} installs them): a missing one fails, never skips.
 * Screenshots of each view land in target/console-screenshots.
 */
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPT = Path.of("src/test/node/console-e2e.mjs");
    private static final int APP = 501;
    private static final int OTHER_APP = 502;

    /** ListUserEvents once a second, so that the page meets FlowLimitExceeded and waits it out. */
    @RegisterExtension
    static final RosterServerExtension SIGNED = new RosterServerExtension(
            b -> b.rateLimits(RateLimits.DEFAULTS.with(Map.of("ListUserEvents", 1))));

    @RegisterExtension
    static final RosterServerExtension OPEN = new RosterServerExtension(b -> b.authEnabled(false));

    private static final List<String> BOTH_MODES = List.of("look up users by id",
            "search by tag, all and any, with paging",
            "open a profile with the keyboard, edit and save with IfVersion",
            "a VersionConflict shows the newer profile and reapplies",
            "a 64-bit UserId, tags with spaces and an odd Ext survive an edit",
            "register a user, and not over one already there",
            "add and remove tags for a selection, failures next to their user",
            "unregister after a confirmation",
            "recent changes, newest first",
            "broadcasts and their audiences",
            "usable on a phone, in dark mode, every control labelled",
            "no Content-Security-Policy violation and no script error");

    @Test
    void a_scoped_key_signs_in_and_uses_every_view() throws Exception {
        seed(SIGNED.client());
        SIGNED.client().call("RegisterUsers", "{\"AppId\":" + OTHER_APP + ",\"Users\":[{\"UserId\":1}]}");
        String[] key = KeysCommandTestSupport.create(SIGNED.keysArgs(), "--apps", String.valueOf(APP));
        ObjectNode spec = spec(SIGNED, "signed");
        spec.set("key", credentials(key[0], key[1]));
        spec.set("root", credentials(RosterServerExtension.ROOT.accessKeyId(),
                RosterServerExtension.ROOT.secretAccessKey()));
        String out = drive(spec);
        assertThat(out).contains(List.of("ok a page that is not secure says it cannot sign",
                "ok a wrong secret shows the API error and keeps the sign-in",
                "ok sign in with a scoped key", "ok another app's data is NoAuth, shown plainly",
                "ok FlowLimitExceeded is waited out (Retry-After)",
                "ok the secret was never sent, and sign-out forgets it"));
        for (String step : BOTH_MODES) {
            assertThat(out).contains("ok " + step);
        }
    }

    @Test
    void with_auth_off_the_console_asks_no_sign_in() throws Exception {
        seed(OPEN.client());
        String out = drive(spec(OPEN, "open"));
        assertThat(out).contains("ok with auth off no sign-in is asked");
        for (String step : BOTH_MODES) {
            assertThat(out).contains("ok " + step);
        }
    }

    /**
     * Users 1–5 (vip: 1, 3, 5; beta: 3, 4), user 2^63-1 with tags holding a space and a comma and Ext keys
     * with '=' and spaces, and 25 players (100–124) in the console's app.
     */
    private static void seed(ApiClient client) {
        String[] tags = {"[\"vip\"]", "[]", "[\"vip\",\"beta\"]", "[\"beta\"]", "[\"vip\"]"};
        String[] names = {"Alice", "Bob", "Chen", "Dana", "Émile"};
        StringBuilder users = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            users.append(i == 0 ? "" : ",").append("{\"UserId\":").append(i + 1).append(",\"NickName\":\"")
                    .append(names[i]).append("\",\"Tags\":").append(tags[i]).append('}');
        }
        register(client, users);
        register(client, "{\"UserId\":9223372036854775807,\"NickName\":\"Max\",\"Tags\":[\"gold member\",\"a,b\"],"
                + "\"Ext\":{\"a=b\":\"x\\ny\",\" k \":\"v\"}}");
        StringBuilder players = new StringBuilder();
        for (int id = 100; id < 125; id++) {
            players.append(players.isEmpty() ? "" : ",").append("{\"UserId\":").append(id)
                    .append(",\"NickName\":\"Player ").append(id).append("\"}");
            if (id == 119 || id == 124) { // at most 20 users per call
                register(client, players);
                players.setLength(0);
            }
        }
    }

    private static void register(ApiClient client, CharSequence users) {
        var answer = client.call("RegisterUsers", "{\"AppId\":" + APP + ",\"Users\":[" + users + "]}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.result().has("FailedInfos")).as(answer.toString()).isFalse();
    }

    private static ObjectNode spec(RosterServerExtension server, String mode) {
        ObjectNode spec = JSON.createObjectNode();
        spec.put("url", server.roster().url().toString().replaceAll("/$", ""));
        spec.put("mode", mode);
        spec.put("region", server.config().region());
        spec.put("app", APP);
        spec.put("otherApp", OTHER_APP);
        spec.put("shots", Path.of("target", "console-screenshots", mode).toAbsolutePath().toString());
        return spec;
    }

    private static ObjectNode credentials(String accessKeyId, String secret) {
        ObjectNode key = JSON.createObjectNode();
        key.put("accessKeyId", accessKeyId);
        key.put("secretAccessKey", secret);
        return key;
    }

    /** Runs the browser script; fails with everything it printed unless every step passed. */
    private static String drive(ObjectNode spec) throws Exception {
        assertThat(SCRIPT.resolveSibling("node_modules/playwright-core")).as(
                "playwright-core is installed by 'npm ci' in src/test/node (mvn does it in generate-test-resources)")
                .exists();
        NodeScript.Output run = NodeScript.run(SCRIPT, JSON.writeValueAsBytes(spec), Duration.ofSeconds(240));
        String out = run.out();
        assertThat(out).as(run.err()).doesNotContain("not ok");
        return out;
    }
}
