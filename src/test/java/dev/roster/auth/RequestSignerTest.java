package dev.roster.auth;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The client side of the signature, against reference vector A (volcengine-im-api.md §2.6). */
class RequestSignerTest {
    private static final String BODY_HASH = "a1d38c055cd56f5a140f5104ad5a62fa34d23a8bea5517275fc3010bdf302c57";
    private static final Instant SIGNED_AT = Instant.parse("2024-01-01T00:00:00Z");
    private static final RequestSigner SIGNER =
            new RequestSigner(new Credentials("AKLTexample", "examplesecret"), "cn-north-1");
    private static final String VECTOR_A = "HMAC-SHA256 Credential=AKLTexample/20240101/cn-north-1/rtc/request,"
            + " SignedHeaders=content-type;host;x-content-sha256;x-date,"
            + " Signature=8c69756a45c1ef5c755399036d267f921cebcd96e51596d02137b9c12a0770ac";

    private static RequestSigner.Signature sign(String url) {
        return SIGNER.sign("POST", URI.create(url), RequestSigner.CONTENT_TYPE, BODY_HASH, SIGNED_AT);
    }

    @Test
    void signs_reference_vector_a_with_the_headers_the_sdk_sends() {
        RequestSigner.Signature signature =
                sign("https://rtc.volcengineapi.com/?Action=BatchUpdateUser&Version=2020-12-01");
        assertThat(signature.authorization()).isEqualTo(VECTOR_A);
        assertThat(signature.headers()).containsExactly(
                entry("Content-Type", "application/json"),
                entry("X-Date", "20240101T000000Z"),
                entry("X-Content-Sha256", BODY_HASH),
                entry("Authorization", VECTOR_A));
    }

    @Test
    void the_host_is_signed_as_clients_send_it_without_the_schemes_default_port() {
        assertThat(sign("https://rtc.volcengineapi.com:443/?Action=BatchUpdateUser&Version=2020-12-01")
                .authorization()).isEqualTo(VECTOR_A);
        assertThat(RequestSigner.host(URI.create("http://127.0.0.1:80/"))).isEqualTo("127.0.0.1");
        assertThat(RequestSigner.host(URI.create("http://127.0.0.1:8080/"))).isEqualTo("127.0.0.1:8080");
        assertThat(RequestSigner.host(URI.create("https://[::1]:8443/"))).isEqualTo("[::1]:8443");
    }
}
