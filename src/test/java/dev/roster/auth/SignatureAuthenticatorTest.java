package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import dev.roster.testing.MemoryKeyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Signature checks in the order of decisions.md, starting from the reference vectors: requests that the
 * reference computed by hand must pass, and any change to what was signed must fail.
 */
class SignatureAuthenticatorTest {
    private static final String BODY = "{\"AppId\":1,\"Users\":[{\"UserId\":10001,\"NickName\":\"n\"}]}";
    private static final String BODY_HASH = "a1d38c055cd56f5a140f5104ad5a62fa34d23a8bea5517275fc3010bdf302c57";
    private static final String QUERY = "Action=BatchUpdateUser&Version=2020-12-01";
    private static final Instant SIGNED_AT = Instant.parse("2024-01-01T00:00:00Z");
    private static final Credentials EXAMPLE = new Credentials("AKLTexample", "examplesecret");

    private final MemoryKeyStore store = new MemoryKeyStore();
    private final KeyRing keys = new KeyRing(store, SecretCipher.plain(), Clock.systemUTC(), EXAMPLE);

    private SignatureAuthenticator at(Instant now) {
        return new SignatureAuthenticator(keys, Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(900), Set.of());
    }

    private static String authorization(String signedHeaders, String signature) {
        return "HMAC-SHA256 Credential=AKLTexample/20240101/cn-north-1/rtc/request, SignedHeaders=" + signedHeaders
                + ", Signature=" + signature;
    }

    /** Reference vector A, as volc-sdk-java sends it. */
    private static Map<String, String> vectorA() {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        headers.put("host", "rtc.volcengineapi.com");
        headers.put("x-content-sha256", BODY_HASH);
        headers.put("x-date", "20240101T000000Z");
        headers.put("authorization", authorization("content-type;host;x-content-sha256;x-date",
                "8c69756a45c1ef5c755399036d267f921cebcd96e51596d02137b9c12a0770ac"));
        return headers;
    }

    private static RequestHead head(Map<String, String> headers) {
        return new RequestHead("POST", "/", QUERY, headers);
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private ApiError failure(Map<String, String> headers, String body, Instant now) {
        try {
            at(now).authenticate(head(headers), bytes(body));
        } catch (ApiException e) {
            return e.error();
        }
        throw new AssertionError("accepted");
    }

    private ApiError failure(Map<String, String> headers) {
        return failure(headers, BODY, SIGNED_AT);
    }

    @Test
    void reference_vector_a_is_accepted_and_names_key_scope_and_region() {
        Principal p = at(SIGNED_AT).authenticate(head(vectorA()), bytes(BODY));
        assertThat(p.accessKeyId()).isEqualTo("AKLTexample");
        assertThat(p.region()).isEqualTo("cn-north-1");
        assertThat(p.scope().all()).isTrue();
    }

    @Test
    void reference_vector_b_host_with_port_is_accepted() {
        Map<String, String> h = vectorA();
        h.put("host", "127.0.0.1:8080");
        h.put("authorization", authorization("content-type;host;x-content-sha256;x-date",
                "677ffa9c42f0d9daa517b3276fd280a4a7cc0289c83a456a1bf5830a7abdec0f"));
        assertThat(at(SIGNED_AT).authenticate(head(h), bytes(BODY)).accessKeyId()).isEqualTo("AKLTexample");
    }

    @Test
    void reference_vector_c_x_date_only_without_a_body_hash_header_is_accepted() {
        Map<String, String> h = vectorA();
        h.remove("x-content-sha256");
        h.put("authorization", authorization("x-date",
                "a7751d1f271f72abd07be2ad357a8b5c6b09c74e78a62d1d49faa7f04f0c7a69"));
        assertThat(at(SIGNED_AT).authenticate(head(h), bytes(BODY)).accessKeyId()).isEqualTo("AKLTexample");
    }

    @Test
    void the_default_port_is_dropped_from_the_host_as_the_sdks_do() {
        Map<String, String> h = vectorA();
        h.put("host", "rtc.volcengineapi.com:443");
        assertThat(at(SIGNED_AT).authenticate(head(h), bytes(BODY)).accessKeyId()).isEqualTo("AKLTexample");
        h.put("host", "rtc.volcengineapi.com:80");
        assertThat(at(SIGNED_AT).authenticate(head(h), bytes(BODY)).accessKeyId()).isEqualTo("AKLTexample");
        h.put("host", "rtc.volcengineapi.com:8443");
        assertThat(failure(h)).isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void no_authorization_is_missing_authentication_token() {
        Map<String, String> h = vectorA();
        h.remove("authorization");
        assertThat(failure(h)).isEqualTo(ApiError.MISSING_AUTHENTICATION_TOKEN);
    }

    @Test
    void incomplete_signing_information_is_missing_request_info() {
        Map<String, String> noXDateSigned = vectorA();
        noXDateSigned.put("authorization", authorization("content-type;host", "00"));
        Map<String, String> noXDate = vectorA();
        noXDate.remove("x-date");
        Map<String, String> badXDate = vectorA();
        badXDate.put("x-date", "2024-01-01T00:00:00Z");
        Map<String, String> otherDay = vectorA();
        otherDay.put("x-date", "20240102T000000Z");
        Map<String, String> signedButAbsent = vectorA();
        signedButAbsent.put("authorization", authorization("content-type;host;x-content-sha256;x-date;x-extra", "00"));
        Map<String, String> malformed = vectorA();
        malformed.put("authorization", "HMAC-SHA256 Credential=AKLTexample");
        for (Map<String, String> h : List.of(noXDateSigned, noXDate, badXDate, otherDay, signedButAbsent, malformed)) {
            assertThat(failure(h)).as("%s", h).isEqualTo(ApiError.MISSING_REQUEST_INFO);
        }
    }

    @Test
    void an_unknown_or_disabled_key_is_invalid_access_key() {
        Map<String, String> unknown = vectorA();
        unknown.put("authorization", unknown.get("authorization").replace("AKLTexample", "AKLTnobody"));
        assertThat(failure(unknown)).isEqualTo(ApiError.INVALID_ACCESS_KEY);

        KeyRing ring = new KeyRing(store, SecretCipher.plain(), Clock.systemUTC(), null);
        Credentials scoped = ring.create(Set.of(3));
        ring.setEnabled(scoped.accessKeyId(), false);
        SignatureAuthenticator auth = new SignatureAuthenticator(ring, Clock.fixed(SIGNED_AT, ZoneOffset.UTC),
                Duration.ofSeconds(900), Set.of());
        Map<String, String> disabled = signed(scoped, "cn-north-1");
        assertThatThrownBy(() -> auth.authenticate(head(disabled), bytes(BODY)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ApiError.INVALID_ACCESS_KEY);
                    assertThat(e.getMessage()).isEqualTo("The access key " + scoped.accessKeyId()
                            + " is unknown or disabled");
                });
        ring.setEnabled(scoped.accessKeyId(), true);
        Principal p = auth.authenticate(head(disabled), bytes(BODY));
        assertThat(p.scope().allows(3)).isTrue();
        assertThat(p.scope().allows(4)).isFalse();
    }

    @Test
    void a_request_signed_more_than_the_window_away_is_invalid_timestamp() {
        assertThat(at(SIGNED_AT.plusSeconds(900)).authenticate(head(vectorA()), bytes(BODY))).isNotNull();
        assertThat(at(SIGNED_AT.minusSeconds(900)).authenticate(head(vectorA()), bytes(BODY))).isNotNull();
        assertThat(failure(vectorA(), BODY, SIGNED_AT.plusSeconds(901))).isEqualTo(ApiError.INVALID_TIMESTAMP);
        assertThat(failure(vectorA(), BODY, SIGNED_AT.minusSeconds(901))).isEqualTo(ApiError.INVALID_TIMESTAMP);
        SignatureAuthenticator strict = new SignatureAuthenticator(keys,
                Clock.fixed(SIGNED_AT.plusSeconds(61), ZoneOffset.UTC), Duration.ofSeconds(60), Set.of());
        assertThatThrownBy(() -> strict.authenticate(head(vectorA()), bytes(BODY)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getMessage()).startsWith("X-Date 20240101T000000Z is more than 60 s"));
    }

    @Test
    void a_changed_body_is_signature_does_not_match() {
        assertThat(failure(vectorA(), BODY.replace("\"n\"", "\"m\""), SIGNED_AT))
                .isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH);
        Map<String, String> xDateOnly = vectorA();
        xDateOnly.remove("x-content-sha256");
        xDateOnly.put("authorization", authorization("x-date",
                "a7751d1f271f72abd07be2ad357a8b5c6b09c74e78a62d1d49faa7f04f0c7a69"));
        assertThat(failure(xDateOnly, BODY + " ", SIGNED_AT)).isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void a_changed_signed_header_is_signature_does_not_match_and_an_unsigned_one_is_not() {
        Map<String, String> h = vectorA();
        h.put("content-type", "text/plain");
        assertThat(failure(h)).isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH);
        Map<String, String> unsignedChange = vectorA();
        unsignedChange.put("user-agent", "anything");
        assertThat(at(SIGNED_AT).authenticate(head(unsignedChange), bytes(BODY))).isNotNull();
    }

    @Test
    void a_body_hash_header_that_is_not_the_body_hash_is_refused_even_unsigned() {
        Map<String, String> h = vectorA();
        h.put("x-content-sha256", "0".repeat(64));
        h.put("authorization", authorization("x-date",
                "a7751d1f271f72abd07be2ad357a8b5c6b09c74e78a62d1d49faa7f04f0c7a69"));
        assertThat(failure(h)).isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH);
    }

    @Test
    void a_wrong_secret_is_signature_does_not_match() {
        KeyRing other = new KeyRing(store, SecretCipher.plain(), Clock.systemUTC(),
                new Credentials("AKLTexample", "another-secret"));
        SignatureAuthenticator auth = new SignatureAuthenticator(other, Clock.fixed(SIGNED_AT, ZoneOffset.UTC),
                Duration.ofSeconds(900), Set.of());
        assertThatThrownBy(() -> auth.authenticate(head(vectorA()), bytes(BODY)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void what_each_official_client_signs_is_accepted_and_guarded() {
        // Node: only x-content-sha256;x-date, no host. Go: adds x-im-sdk-version. STS: x-security-token.
        for (List<String> names : List.of(
                List.of("x-content-sha256", "x-date"),
                List.of("content-type", "host", "x-content-sha256", "x-date", "x-im-sdk-version"),
                List.of("content-type", "host", "x-content-sha256", "x-date", "x-security-token"))) {
            Map<String, String> h = signedWith(EXAMPLE, "ap-southeast-1", names);
            Principal p = at(SIGNED_AT).authenticate(head(h), bytes(BODY));
            assertThat(p.region()).isEqualTo("ap-southeast-1");
            for (String name : names) {
                Map<String, String> tampered = new HashMap<>(h);
                tampered.put(name, h.get(name) + "0");
                assertThat(failure(tampered)).as("tampered %s", name).isIn(ApiError.SIGNATURE_DOES_NOT_MATCH,
                        ApiError.MISSING_REQUEST_INFO);
            }
        }
    }

    @Test
    void header_values_with_folded_inner_spaces_are_accepted_as_node_signs_them() {
        Map<String, String> h = signedWith(EXAMPLE, "cn-north-1", List.of("content-type", "x-date"), "application/json;  charset=utf-8", true);
        assertThat(at(SIGNED_AT).authenticate(head(h), bytes(BODY))).isNotNull();
    }

    private static Map<String, String> signed(Credentials key, String region) {
        return signedWith(key, region, List.of("content-type", "host", "x-content-sha256", "x-date"));
    }

    private static Map<String, String> signedWith(Credentials key, String region, List<String> names) {
        return signedWith(key, region, names, "application/json", false);
    }

    private static Map<String, String> signedWith(Credentials key, String region, List<String> names,
            String contentType, boolean foldSpaces) {
        Map<String, String> h = new TreeMap<>();
        h.put("content-type", contentType);
        h.put("host", "127.0.0.1:9000");
        h.put("x-content-sha256", BODY_HASH);
        h.put("x-date", "20240101T000000Z");
        h.put("x-im-sdk-version", "Golang-V1.0.1");
        h.put("x-security-token", "STS2eyJ0b2tlbiI6InRlc3QifQ==");
        Map<String, String> values = new HashMap<>(h);
        if (foldSpaces) {
            values.replaceAll((name, value) -> value.replaceAll("\\s+", " "));
        }
        String canonical = SignatureV4.canonicalRequest("POST", "/", QUERY, names, values, BODY_HASH);
        String signature = SignatureV4.sign(key.secretAccessKey(), "20240101T000000Z", "20240101", region, canonical);
        h.put("authorization", "HMAC-SHA256 Credential=" + key.accessKeyId() + "/20240101/" + region
                + "/rtc/request, SignedHeaders=" + String.join(";", names) + ", Signature=" + signature);
        return h;
    }

    @Test
    void everything_but_the_signature_is_checked_from_the_head_alone() {
        Map<String, String> unknown = vectorA();
        unknown.put("authorization", unknown.get("authorization").replace("AKLTexample", "AKLTnobody"));
        assertThatThrownBy(() -> at(SIGNED_AT).begin(head(unknown)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.INVALID_ACCESS_KEY));
        assertThatThrownBy(() -> at(SIGNED_AT.plusSeconds(901)).begin(head(vectorA())))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.INVALID_TIMESTAMP));

        Authenticator.Verification verification = at(SIGNED_AT).begin(head(vectorA()));
        assertThat(verification.verify(bytes(BODY)).accessKeyId()).isEqualTo("AKLTexample");
        assertThatThrownBy(() -> verification.verify(bytes(BODY + " ")))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.SIGNATURE_DOES_NOT_MATCH));
    }

    @Test
    void a_region_outside_the_allowed_ones_is_missing_request_info_naming_them() {
        SignatureAuthenticator regional = new SignatureAuthenticator(keys, Clock.fixed(SIGNED_AT, ZoneOffset.UTC),
                Duration.ofSeconds(900), Set.of("ap-southeast-1", "cn-beijing"));
        assertThatThrownBy(() -> regional.begin(head(vectorA())))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ApiError.MISSING_REQUEST_INFO);
                    assertThat(e.getMessage()).isEqualTo(
                            "The region cn-north-1 is not served here; sign for one of: ap-southeast-1, cn-beijing");
                });
        SignatureAuthenticator north = new SignatureAuthenticator(keys, Clock.fixed(SIGNED_AT, ZoneOffset.UTC),
                Duration.ofSeconds(900), Set.of("cn-north-1"));
        assertThat(north.authenticate(head(vectorA()), bytes(BODY)).region()).isEqualTo("cn-north-1");
    }
}
