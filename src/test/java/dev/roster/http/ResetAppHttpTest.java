package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import dev.roster.cli.KeysCommandTestSupport;
import dev.roster.testing.ApiClient;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ResetApp (Version 2026-11-01): the root key empties one app; no other key may. */
@Tag("behaviour")
class ResetAppHttpTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ApiResponse reset(ApiClient client, String body) {
        return client.callRoster("ResetApp", body);
    }

    private static void register(int appId, int users) {
        StringBuilder list = new StringBuilder();
        for (int id = 1; id <= users; id++) {
            list.append(id == 1 ? "" : ",").append("{\"UserId\":").append(id).append('}');
        }
        assertThat(SERVER.client().call("RegisterUsers", "{\"AppId\":" + appId + ",\"Users\":[" + list + "]}").status())
                .isEqualTo(200);
    }

    private static int registered(int appId) {
        return SERVER.client().call("BatchGetUser", "{\"AppId\":" + appId + ",\"UserIds\":[1,2,3,4,5,6,7,8,9,10]}")
                .result().path("Users").size();
    }

    @Test
    void the_root_key_removes_every_user_of_one_app_and_no_other() {
        register(91, 7);
        register(92, 3);
        ApiResponse r = reset(SERVER.client(), "{\"AppId\":91}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.result().path("RemovedUsers").asLong()).isEqualTo(7);
        assertThat(r.metadata().path("Version").asText()).isEqualTo("2026-11-01");
        assertThat(registered(91)).isZero();
        assertThat(registered(92)).isEqualTo(3);
        assertThat(reset(SERVER.client(), "{\"AppId\":91}").result().path("RemovedUsers").asLong()).isZero();
    }

    @Test
    void any_other_key_gets_no_auth_even_with_every_app_and_nothing_is_removed() {
        register(93, 2);
        String[] key = KeysCommandTestSupport.create(SERVER.keysArgs(), "--all-apps");
        ApiClient scoped = SERVER.client().signingWith(new TestSigner(new Credentials(key[0], key[1])));
        ApiResponse r = reset(scoped, "{\"AppId\":93}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("NoAuth");
        assertThat(r.errorMessage()).contains("ResetApp needs the root key");
        assertThat(registered(93)).isEqualTo(2);
    }

    @Test
    void bad_calls_are_refused_with_the_usual_codes() {
        assertThat(reset(SERVER.client(), "{}").errorCode()).isEqualTo("InvalidParam");
        assertThat(reset(SERVER.client(), "{\"AppId\":\"x\"}").errorCode()).isEqualTo("InvalidParam");
        ApiResponse wrongVersion = SERVER.client().call("ResetApp", "{\"AppId\":94}");
        assertThat(wrongVersion.errorCode()).isEqualTo("InvalidActionOrVersion");
    }
}
