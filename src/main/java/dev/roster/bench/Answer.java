package dev.roster.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.errors.ApiError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What one request came back with: {@code error} is null for success, else the Volcengine error Code
 * ({@code ResponseMetadata.Error.Code}), {@code HTTP <status>} for an answer without one, or
 * {@code Transport (<exception>)} when no answer came; {@code failedUsers} counts
 * {@code Result.FailedInfos} by Code.
 */
record Answer(String error, Map<String, Integer> failedUsers) {
    static final Answer OK = new Answer(null, Map.of());
    static final String THROTTLED = ApiError.FLOW_LIMIT_EXCEEDED.code();
    private static final String TRANSPORT = "Transport";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FAILED_INFOS = "\"FailedInfos\"".getBytes(StandardCharsets.US_ASCII);

    /**
     * Reads an HTTP answer. A 200 without {@code "FailedInfos"} in its bytes is a success without parsing
     * it, which keeps the bench's cost per request low; anything else is parsed.
     */
    static Answer of(int status, byte[] body) {
        if (status == 200 && !contains(body, FAILED_INFOS)) {
            return OK;
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        JsonNode code = json == null ? null : json.path("ResponseMetadata").path("Error").get("Code");
        if (code != null && code.isTextual()) {
            return new Answer(code.asText(), Map.of());
        }
        if (status != 200 || json == null) {
            return new Answer("HTTP " + status, Map.of());
        }
        Map<String, Integer> failed = new HashMap<>();
        for (JsonNode info : json.path("Result").path("FailedInfos")) {
            failed.merge(info.path("Code").asText("?"), 1, Integer::sum);
        }
        return new Answer(null, Map.copyOf(failed));
    }

    static Answer transport(Throwable failure) {
        return new Answer(TRANSPORT + " (" + failure.getClass().getSimpleName() + ")", Map.of());
    }

    /** No answer came at all: the server is unreachable, or timed out. */
    boolean unanswered() {
        return error != null && error.startsWith(TRANSPORT);
    }

    boolean ok() {
        return error == null && failedUsers.isEmpty();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
