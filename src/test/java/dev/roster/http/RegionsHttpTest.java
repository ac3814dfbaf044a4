package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With --regions, a request signed for any other region is refused from its head. */
class RegionsHttpTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(
            config -> config.regions(Set.of("cn-north-1", "cn-beijing")));

    @Test
    void a_request_signed_for_an_allowed_region_is_served_and_echoes_it() {
        ApiResponse r = SERVER.client().signingWith(SERVER.client().signer().withRegion("cn-beijing"))
                .call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ResponseMetadata").get("Region").asText()).isEqualTo("cn-beijing");
    }

    @Test
    void a_request_signed_for_another_region_is_missing_request_info_naming_the_allowed_ones() {
        ApiResponse r = SERVER.client().signingWith(SERVER.client().signer().withRegion("ap-southeast-1"))
                .call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":5}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo("MissingRequestInfo");
        assertThat(r.errorMessage())
                .isEqualTo("The region ap-southeast-1 is not served here; sign for one of: cn-beijing, cn-north-1");
        assertThat(SERVER.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[5]}").result()
                .get("NotFoundUsers")).as("nothing written").hasToString("[5]");
    }
}
