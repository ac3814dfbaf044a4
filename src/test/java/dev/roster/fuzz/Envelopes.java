package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.errors.ApiError;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The check every answer of the server must pass: the Volcengine envelope, either a success (200, a
 * {@code Result}, no error) or an error whose code is one of {@link ApiError}'s, read at run time, with
 * that error's CodeN and HTTP status, and never {@code InternalError}.
 */
final class Envelopes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, ApiError> BY_CODE =
            Arrays.stream(ApiError.values()).collect(Collectors.toMap(ApiError::code, Function.identity()));
    /**
     * Statuses answered besides an error's own: 431 for headers over --max-header-bytes and 414 for a
     * request URI over it (in the error table of docs/semantics.md). A request line with an HTTP version Jetty does
     * not speak once got 505 with InvalidParam; it is now 400 (regression input finding-505-http-version).
     */
    private static final Map<ApiError, Set<Integer>> ALSO_ANSWERED =
            Map.of(ApiError.REQUEST_TOO_LARGE, Set.of(414, 431));

    private Envelopes() {}

    /** The parsed answer's {@code Result} on success, or null for an error; fails unless it is a documented envelope. */
    static JsonNode check(LoopbackHttp.Answer answer, String what) {
        assertThat(answer.status()).as("500 for %s", what).isNotEqualTo(500);
        JsonNode json = parse(answer, what);
        JsonNode meta = json.get("ResponseMetadata");
        assertThat(meta).as("ResponseMetadata of %s -> %s", what, answer.text()).isNotNull();
        assertThat(meta.path("RequestId").asText()).as("RequestId of %s", what).isNotEmpty();
        assertThat(meta.path("Service").asText()).as("Service of %s", what).isEqualTo("rtc");
        assertThat(meta.path("Region").asText()).as("Region of %s", what).isNotEmpty();
        assertThat(meta.get("Action")).as("Action of %s", what).isNotNull();
        assertThat(meta.get("Version")).as("Version of %s", what).isNotNull();
        JsonNode error = meta.get("Error");
        if (answer.status() == 200) {
            assertThat(error).as("an error in a 200 answer to %s", what).isNull();
            assertThat(json.path("Result").isObject()).as("Result of %s -> %s", what, answer.text()).isTrue();
            return json.get("Result");
        }
        assertThat(error).as("Error of a %d answer to %s -> %s", answer.status(), what, answer.text()).isNotNull();
        assertThat(json.has("Result")).as("a Result beside an error, for %s", what).isFalse();
        ApiError documented = BY_CODE.get(error.path("Code").asText());
        assertThat(documented).as("an undocumented code for %s -> %s", what, answer.text()).isNotNull();
        assertThat(documented).as("%s -> %s", what, answer.text()).isNotEqualTo(ApiError.INTERNAL_ERROR);
        assertThat(error.path("CodeN").asInt()).as("CodeN of %s -> %s", what, answer.text()).isEqualTo(documented.codeN());
        if (answer.status() != documented.httpStatus()) {
            assertThat(ALSO_ANSWERED.getOrDefault(documented, Set.of()))
                    .as("HTTP status %d with %s for %s", answer.status(), documented.code(), what)
                    .contains(answer.status());
        }
        ClientMessages.check(error.path("Message").asText());
        return null;
    }

    /** The error an answer carries, or null for a success; the answer must already have passed {@link #check}. */
    static ApiError error(LoopbackHttp.Answer answer) {
        if (answer.status() == 200) {
            return null;
        }
        return BY_CODE.get(parse(answer, "").path("ResponseMetadata").path("Error").path("Code").asText());
    }

    /** The Action the envelope echoes. */
    static String action(LoopbackHttp.Answer answer) {
        return parse(answer, "").path("ResponseMetadata").path("Action").asText();
    }

    /** True for the plain answers of GET /healthz and /readyz, which are not envelopes. */
    static boolean isProbeAnswer(LoopbackHttp.Answer answer) {
        if (answer.status() != 200 && answer.status() != 503) {
            return false;
        }
        try {
            JsonNode json = JSON.readTree(answer.body());
            return json != null && json.has("status") && !json.has("ResponseMetadata");
        } catch (IOException e) {
            return false;
        }
    }

    private static JsonNode parse(LoopbackHttp.Answer answer, String what) {
        try {
            JsonNode json = JSON.readTree(answer.body());
            assertThat(json != null && json.isObject()).as("a JSON object answering %s: %s", what, answer.text()).isTrue();
            return json;
        } catch (IOException e) {
            throw new AssertionError("not JSON answering " + what + ": " + answer.status() + " " + answer.text(), e);
        }
    }
}
