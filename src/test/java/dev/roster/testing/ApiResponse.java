package dev.roster.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;

/** An answer from Roster as the tests see it: status, headers and the parsed JSON body. */
public record ApiResponse(int status, HttpHeaders headers, JsonNode json) {

    public JsonNode metadata() {
        return json.get("ResponseMetadata");
    }

    public JsonNode result() {
        return json.get("Result");
    }

    /** {@code ResponseMetadata.Error.Code}, or null on success. */
    public String errorCode() {
        JsonNode error = metadata().get("Error");
        return error == null ? null : error.get("Code").asText();
    }

    public String errorMessage() {
        return metadata().get("Error").get("Message").asText();
    }

    public JsonNode failedInfos() {
        JsonNode result = result();
        return result == null ? null : result.get("FailedInfos");
    }

    @Override
    public String toString() {
        return status + " " + json;
    }
}
