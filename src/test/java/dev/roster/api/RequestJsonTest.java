package dev.roster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestJsonTest {

    private static ApiException rejected(byte[] body) {
        try {
            RequestJson.parseObject(body);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
    }

    private static ApiException rejected(String body) {
        return rejected(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_object_is_parsed() {
        assertThat(RequestJson.parseObject("{\"AppId\":1,\"Users\":[]}".getBytes(StandardCharsets.UTF_8))
                .get("AppId").intValue()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "[]", "1", "\"text\"", "true"})
    void anything_but_an_object_is_a_json_parsing_error(String body) {
        ApiException e = rejected(body);
        assertThat(e.error()).isEqualTo(ApiError.JSON_PARSING_ERROR);
        assertThat(e.getMessage()).isEqualTo("The request body must be a JSON object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "{\"a\":1,}", "{'a':1}", "{\"a\":NaN}", "{\"a\":1} {}", "{\"a\":1} x",
        "{\"a\":01}", "{\"a\":\"tab\there\"}"})
    void malformed_json_is_a_json_parsing_error(String body) {
        ApiException e = rejected(body);
        assertThat(e.error()).isEqualTo(ApiError.JSON_PARSING_ERROR);
        assertThat(e.getMessage()).startsWith("The request body is not valid JSON: ");
    }

    @Test
    void a_key_given_twice_is_a_json_parsing_error() {
        ApiException e = rejected("{\"AppId\":1,\"AppId\":2}");
        assertThat(e.error()).isEqualTo(ApiError.JSON_PARSING_ERROR);
        assertThat(e.getMessage()).contains("Duplicate field 'AppId'");
    }

    @Test
    void invalid_utf8_is_a_json_parsing_error() {
        byte[][] bodies = {
            {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'},
            {'{', '"', 'a', '"', ':', '"', (byte) 0xc0, (byte) 0x80, '"', '}'}, // overlong NUL
            {'{', '"', 'a', '"', ':', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', '}'}, // encoded surrogate
            {'{', '"', 'a', '"', ':', '"', (byte) 0xe4, (byte) 0xb8, '"', '}'}, // truncated sequence
        };
        for (byte[] body : bodies) {
            ApiException e = rejected(body);
            assertThat(e.error()).isEqualTo(ApiError.JSON_PARSING_ERROR);
            assertThat(e.getMessage()).isEqualTo("The request body is not valid UTF-8");
        }
    }

    @Test
    void a_lone_surrogate_escape_is_a_json_parsing_error_in_values_and_keys() {
        for (String body : new String[] {"{\"a\":\"\\ud800\"}", "{\"a\":[\"x\\udc00\"]}", "{\"\\ud83d\":1}",
            "{\"a\":\"\\ud83d\\u0041\"}"}) {
            ApiException e = rejected(body);
            assertThat(e.error()).isEqualTo(ApiError.JSON_PARSING_ERROR);
            assertThat(e.getMessage()).containsIgnoringCase("surrogate");
        }
    }

    @Test
    void a_surrogate_pair_escape_and_raw_emoji_are_fine() {
        assertThat(RequestJson.parseObject("{\"a\":\"\\ud83d\\ude00 😀\"}".getBytes(StandardCharsets.UTF_8))
                .get("a").textValue()).isEqualTo("😀 😀");
    }

    @Test
    void nesting_deeper_than_the_limit_is_a_json_parsing_error() {
        String deep = "{\"a\":" + "[".repeat(RequestJson.MAX_DEPTH + 1) + "]".repeat(RequestJson.MAX_DEPTH + 1) + "}";
        assertThatThrownBy(() -> RequestJson.parseObject(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.JSON_PARSING_ERROR));
        String fine = "{\"a\":" + "[".repeat(RequestJson.MAX_DEPTH - 2) + "]".repeat(RequestJson.MAX_DEPTH - 2) + "}";
        assertThat(RequestJson.parseObject(fine.getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    @Test
    void the_reason_is_bounded_in_length() {
        String body = "{\"" + "k".repeat(5000) + "\" 1}";
        assertThat(rejected(body).getMessage().length()).isLessThan(260);
    }
}
