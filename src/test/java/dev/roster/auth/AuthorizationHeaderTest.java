package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AuthorizationHeaderTest {

    @Test
    void the_sdk_form_is_parsed() {
        AuthorizationHeader h = AuthorizationHeader.parse("HMAC-SHA256 Credential=AKLTexample/20240101/cn-north-1/rtc/request,"
                + " SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=8c69756a45c1ef5c");
        assertThat(h.accessKeyId()).isEqualTo("AKLTexample");
        assertThat(h.date()).isEqualTo("20240101");
        assertThat(h.region()).isEqualTo("cn-north-1");
        assertThat(h.service()).isEqualTo("rtc");
        assertThat(h.signedHeaders()).containsExactly("content-type", "host", "x-content-sha256", "x-date");
        assertThat(h.signedHeadersText()).isEqualTo("content-type;host;x-content-sha256;x-date");
        assertThat(h.signature()).isEqualTo("8c69756a45c1ef5c");
        assertThat(h.scope()).isEqualTo("20240101/cn-north-1/rtc/request");
    }

    @Test
    void whitespace_after_commas_is_optional() {
        AuthorizationHeader h = AuthorizationHeader.parse(
                "HMAC-SHA256 Credential=AK/20240101/ap-southeast-1/rtc/request,SignedHeaders=x-date,Signature=ab");
        assertThat(h.region()).isEqualTo("ap-southeast-1");
        assertThat(h.signedHeaders()).containsExactly("x-date");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "Bearer token",
        "HMAC-SHA1 Credential=AK/20240101/cn-north-1/rtc/request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=AK/20240101/cn-north-1/rtc/request, SignedHeaders=x-date",
        "HMAC-SHA256 Credential=AK/20240101/cn-north-1/rtc/request, SignedHeaders=x-date, Signature=xyz",
        "HMAC-SHA256 Credential=AK/2024011/cn-north-1/rtc/request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=AK/20240101/cn-north-1/iam/request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=AK/20240101/cn-north-1/rtc/aws4_request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=AK/20240101/rtc/request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=/20240101/cn-north-1/rtc/request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=AK/20240101/CN North/rtc/request, SignedHeaders=x-date, Signature=ab",
        "HMAC-SHA256 Credential=AK/20240101/cn-north-1/rtc/request, SignedHeaders=x-date;;host, Signature=ab",
    })
    void anything_else_is_missing_request_info(String value) {
        assertThatThrownBy(() -> AuthorizationHeader.parse(value))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.MISSING_REQUEST_INFO));
    }
}
