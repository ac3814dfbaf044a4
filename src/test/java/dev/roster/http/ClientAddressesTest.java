package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

/** The client address behind trusted proxies: read from the right, never believed from anyone else. */
class ClientAddressesTest {
    private static final ClientAddresses BEHIND_PROXIES = new ClientAddresses(List.of("10.0.0.0/8", "192.168.1.7"));

    private static String from(ClientAddresses addresses, String peer, String... headerPairs) {
        HttpFields.Mutable headers = HttpFields.build();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(headerPairs[i], headerPairs[i + 1]);
        }
        return addresses.of(new InetSocketAddress(peer, 40000), headers);
    }

    @Test
    void without_trusted_proxies_the_peer_is_the_client_whatever_it_forwards() {
        ClientAddresses none = new ClientAddresses(List.of());
        assertThat(from(none, "127.0.0.1", "X-Forwarded-For", "203.0.113.9")).isEqualTo("127.0.0.1");
        assertThat(from(BEHIND_PROXIES, "198.51.100.4", "X-Forwarded-For", "203.0.113.9")).isEqualTo("198.51.100.4");
    }

    @Test
    void behind_a_trusted_proxy_the_forwarded_address_is_the_client() {
        assertThat(from(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(from(BEHIND_PROXIES, "192.168.1.7", "X-Forwarded-For", "203.0.113.9:5555"))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void the_chain_is_read_from_the_right_skipping_trusted_proxies_so_a_forged_left_end_is_ignored() {
        assertThat(from(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.9.9.9"))
                .isEqualTo("203.0.113.9");
        assertThat(from(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "1.1.1.1", "X-Forwarded-For", "203.0.113.9"))
                .as("repeated header lines form one chain").isEqualTo("203.0.113.9");
    }

    @Test
    void forwarded_wins_over_x_forwarded_for_with_quoted_ipv6_and_ports() {
        assertThat(from(BEHIND_PROXIES, "10.1.2.3",
                "Forwarded", "for=1.1.1.1, for=\"[2001:db8:cafe::17]:4711\";proto=https",
                "X-Forwarded-For", "203.0.113.9")).isEqualTo("2001:db8:cafe:0:0:0:0:17");
    }

    @Test
    void an_unreadable_hop_ends_the_walk_at_the_last_address_read() {
        assertThat(from(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "203.0.113.9, unknown"))
                .isEqualTo("10.1.2.3");
        assertThat(from(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "not-an-address.example, 10.4.4.4"))
                .isEqualTo("10.4.4.4");
        assertThat(from(BEHIND_PROXIES, "10.1.2.3", "X-Forwarded-For", "300.1.1.1")).isEqualTo("10.1.2.3");
    }

    @Test
    void a_malformed_trusted_proxy_is_refused_naming_it() {
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/8", "proxy.internal")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'proxy.internal'");
        assertThatThrownBy(() -> new ClientAddresses(List.of("10.0.0.0/99")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0/99");
    }
}
