package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import dev.roster.users.Limits;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Configuration reaches the wire: region, body limit and request limits. */
@Tag("behaviour")
class ConfiguredServerTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config
            .region("ap-southeast-1")
            .maxBodyBytes(2048)
            .limits(Limits.DEFAULTS.with(Map.of("get-users", 2, "nick-name-chars", 3))));

    @Test
    void unsigned_requests_echo_the_configured_region() {
        ApiResponse r = SERVER.client().send("POST", "/?Action=BatchGetUser&Version=2020-12-01",
                "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of());
        assertThat(r.errorCode()).isEqualTo("MissingAuthenticationToken");
        assertThat(r.metadata().get("Region").asText()).isEqualTo("ap-southeast-1");
    }

    @Test
    void the_body_limit_is_the_configured_one() {
        String body = "{\"AppId\":1,\"UserIds\":[1]}" + " ".repeat(2100);
        ApiResponse r = SERVER.client().call("BatchGetUser", body);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorMessage()).isEqualTo("The request body exceeds 2048 bytes");
    }

    @Test
    void request_and_profile_limits_are_the_configured_ones() {
        assertThat(SERVER.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1,2,3]}").errorMessage())
                .isEqualTo("UserIds: must hold 1 to 2 items, got 3");
        ApiResponse r = SERVER.client().call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":1,\"NickName\":\"abcd\"}]}");
        assertThat(r.failedInfos().get(0).get("Message").asText()).isEqualTo("NickName: at most 3 characters, got 4");
    }
}
