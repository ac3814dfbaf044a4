package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The self-computed test vectors of the reference (volcengine-im-api.md §2.6), and query canonicalisation. */
class SignatureV4Test {
    private static final String BODY = "{\"AppId\":1,\"Users\":[{\"UserId\":10001,\"NickName\":\"n\"}]}";
    private static final String BODY_HASH = "a1d38c055cd56f5a140f5104ad5a62fa34d23a8bea5517275fc3010bdf302c57";
    private static final String QUERY = "Action=BatchUpdateUser&Version=2020-12-01";
    private static final String X_DATE = "20240101T000000Z";

    private static String vector(String host, List<String> signed) {
        Map<String, String> headers = new java.util.HashMap<>(Map.of(
                "content-type", "application/json", "x-content-sha256", BODY_HASH, "x-date", X_DATE));
        if (host != null) {
            headers.put("host", host);
        }
        String canonical = SignatureV4.canonicalRequest("POST", "/", QUERY, signed, headers, BODY_HASH);
        return SignatureV4.sign("examplesecret", X_DATE, "20240101", "cn-north-1", canonical);
    }

    @Test
    void the_body_hash_is_sha256_of_the_exact_bytes() {
        assertThat(SignatureV4.sha256Hex(BODY.getBytes(StandardCharsets.UTF_8))).isEqualTo(BODY_HASH);
        assertThat(SignatureV4.EMPTY_BODY_HASH)
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void vector_a_canonical_request_and_signature() {
        List<String> signed = List.of("content-type", "host", "x-content-sha256", "x-date");
        Map<String, String> headers = Map.of("content-type", "application/json", "host", "rtc.volcengineapi.com",
                "x-content-sha256", BODY_HASH, "x-date", X_DATE);
        String canonical = SignatureV4.canonicalRequest("POST", "/", QUERY, signed, headers, BODY_HASH);
        assertThat(canonical).isEqualTo("POST\n/\nAction=BatchUpdateUser&Version=2020-12-01\n"
                + "content-type:application/json\nhost:rtc.volcengineapi.com\nx-content-sha256:" + BODY_HASH
                + "\nx-date:" + X_DATE + "\n\ncontent-type;host;x-content-sha256;x-date\n" + BODY_HASH);
        assertThat(SignatureV4.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("d25d4ceab3362086c0713704c6e1a4e147887583f34fa1b76129c46dee44a387");
        assertThat(vector("rtc.volcengineapi.com", signed))
                .isEqualTo("8c69756a45c1ef5c755399036d267f921cebcd96e51596d02137b9c12a0770ac");
    }

    @Test
    void vector_b_host_with_a_port() {
        assertThat(vector("127.0.0.1:8080", List.of("content-type", "host", "x-content-sha256", "x-date")))
                .isEqualTo("677ffa9c42f0d9daa517b3276fd280a4a7cc0289c83a456a1bf5830a7abdec0f");
    }

    @Test
    void vector_c_only_x_date_signed() {
        assertThat(vector(null, List.of("x-date")))
                .isEqualTo("a7751d1f271f72abd07be2ad357a8b5c6b09c74e78a62d1d49faa7f04f0c7a69");
    }

    @Test
    void the_query_is_decoded_re_encoded_and_sorted() {
        assertThat(SignatureV4.canonicalQuery("Version=2020-12-01&Action=BatchGetUser"))
                .isEqualTo("Action=BatchGetUser&Version=2020-12-01");
        assertThat(SignatureV4.canonicalQuery("b=a+b&a=%7e%41&c=x%2Fy&d=%E4%B8%AD&e"))
                .isEqualTo("a=~A&b=a%20b&c=x%2Fy&d=%E4%B8%AD&e=");
        assertThat(SignatureV4.canonicalQuery("")).isEmpty();
        assertThat(SignatureV4.canonicalQuery("k=2&k=1")).isEqualTo("k=1&k=2");
    }

    @Test
    void constant_time_equality() {
        assertThat(SignatureV4.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(SignatureV4.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(SignatureV4.constantTimeEquals("abc", "ab")).isFalse();
    }
}
