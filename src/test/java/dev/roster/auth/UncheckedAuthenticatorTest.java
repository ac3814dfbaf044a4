package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Auth off serves the developer's own machine only: loopback Host, no Origin. */
class UncheckedAuthenticatorTest {
    private final UncheckedAuthenticator off = new UncheckedAuthenticator("cn-north-1", Set.of());

    private static RequestHead head(String... headerPairs) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.put(headerPairs[i].toLowerCase(), headerPairs[i + 1]);
        }
        return new RequestHead("POST", "/", "Action=BatchGetUser&Version=2020-12-01", headers);
    }

    @Test
    void loopback_names_and_addresses_with_or_without_a_port_are_served() {
        for (String host : new String[] {"localhost", "LOCALHOST:8080", "127.0.0.1", "127.0.0.1:80", "127.9.8.7:65535",
                "[::1]", "[::1]:8080", "[0:0:0:0:0:0:0:1]"}) {
            assertThat(UncheckedAuthenticator.isLoopbackHost(host)).as(host).isTrue();
        }
    }

    @Test
    void any_other_host_is_not_loopback_and_no_name_is_ever_resolved() {
        for (String host : new String[] {"example.com", "rebind.attacker.example:8080", "localhost.attacker.example",
                "10.0.0.1", "128.0.0.1", "0.0.0.0", "127.0.0.256", "0127.0.0.1", "::1", "[::1", "[::2]", "localhost:x",
                "127.0.0.1:99999999", "", " "}) {
            assertThat(UncheckedAuthenticator.isLoopbackHost(host)).as(host).isFalse();
        }
        assertThat(UncheckedAuthenticator.isLoopbackHost(null)).isFalse();
    }

    @Test
    void a_foreign_host_or_an_origin_is_no_auth_before_anything_else() {
        assertThatThrownBy(() -> off.begin(head("Host", "evil.example")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ApiError.NO_AUTH);
                    assertThat(e.getMessage()).isEqualTo("Authentication is off, so only requests addressed to"
                            + " localhost, 127.0.0.0/8 or [::1] are served");
                });
        for (String origin : new String[] {"http://127.0.0.1:3000", "http://localhost:8080", "null",
                "http://evil.example", "http://127.0.0.1:8080/", "ftp://127.0.0.1:8080"}) {
            assertThatThrownBy(() -> off.begin(head("Host", "127.0.0.1:8080", "Origin", origin)))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.error()).isEqualTo(ApiError.NO_AUTH);
                        assertThat(e.getMessage()).isEqualTo("Authentication is off, so requests from web pages other"
                                + " than this server's console (an Origin header of another site) are refused");
                    });
        }
        // A rebinding page's Origin names its own host, as its Host does: the Host check refuses it.
        assertThatThrownBy(() -> off.begin(head("Host", "rebind.example:8080", "Origin", "http://rebind.example:8080")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .isEqualTo("Authentication is off, so only requests addressed to localhost, 127.0.0.0/8 or"
                                + " [::1] are served"));
        assertThatThrownBy(() -> off.begin(head())).isInstanceOf(ApiException.class);
    }

    @Test
    void the_console_served_from_this_very_origin_is_served() {
        assertThat(off.authenticate(head("Host", "127.0.0.1:8080", "Origin", "http://127.0.0.1:8080"), new byte[0])
                .scope().allows(7)).isTrue();
        RequestHead overTls = new RequestHead("POST", "/", "", Map.of("host", "localhost",
                "origin", "https://LOCALHOST"), "https");
        assertThat(off.authenticate(overTls, new byte[0]).scope().allows(7)).isTrue();
        // A page of another scheme on the same name is another origin (https://localhost on 443 is not
        // this plain-HTTP server on 80).
        assertThatThrownBy(() -> off.begin(head("Host", "localhost", "Origin", "https://localhost")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void a_loopback_request_is_served_with_every_app_and_the_region_it_signed_for() {
        Principal unsigned = off.authenticate(head("Host", "localhost:8080"), new byte[0]);
        assertThat(unsigned.region()).isEqualTo("cn-north-1");
        assertThat(unsigned.scope().allows(42)).isTrue();
        Principal signed = off.authenticate(head("Host", "localhost", "Authorization",
                "HMAC-SHA256 Credential=AK/20240101/ap-southeast-1/rtc/request, SignedHeaders=x-date, Signature=00"),
                new byte[0]);
        assertThat(signed.region()).isEqualTo("ap-southeast-1");
    }
}
