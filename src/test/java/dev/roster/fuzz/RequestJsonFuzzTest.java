package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.RequestJson;
import dev.roster.errors.ApiError;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes the strict JSON reader: every body is one JSON object or a {@code JsonParsingError}, and what
 * it accepts a plain JSON parser reads the same, holds only whole characters and nests at most 32 deep.
 */
class RequestJsonFuzzTest {
    private static final Set<ApiError> DOCUMENTED = EnumSet.of(ApiError.JSON_PARSING_ERROR);
    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final int MAX_DEPTH = 32;

    @FuzzTest
    @DictionaryFile(resourcePath = "json.dict")
    void a_body_is_one_strict_json_object_or_a_json_parsing_error(byte[] body) throws IOException {
        Attempt<ObjectNode> parsed = Attempt.of(() -> RequestJson.parseObject(body), DOCUMENTED);
        assertThat(Attempt.of(() -> RequestJson.parseObject(body), DOCUMENTED)).isEqualTo(parsed);
        if (parsed.refused()) {
            return;
        }
        assertThat(PLAIN.readTree(body)).as("what a plain parser reads").isEqualTo(parsed.value());
        checkWhole(parsed.value(), 1);
    }

    private static void checkWhole(JsonNode node, int depth) {
        assertThat(depth).as("nesting depth").isLessThanOrEqualTo(MAX_DEPTH);
        if (node.isTextual()) {
            checkWhole(node.textValue());
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            checkWhole(field.getKey());
            checkWhole(field.getValue(), depth + 1);
        }
        if (node.isArray()) {
            node.forEach(element -> checkWhole(element, depth + 1));
        }
    }

    private static void checkWhole(String text) {
        text.codePoints().forEach(c -> assertThat(Character.isSurrogate((char) c) && c <= 0xFFFF)
                .as("a lone surrogate in %s", text).isFalse());
    }
}
