package dev.roster.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.errors.ApiError;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns a request body into a JSON object, strictly: the bytes must be valid UTF-8, the text one JSON
 * object with nothing after it, no key twice in one object, no lone surrogate escape such as
 * {@code "\ud800"}, at most {@value #MAX_DEPTH} levels deep. Anything else is {@code JsonParsingError}.
 */
public final class RequestJson {
    static final int MAX_DEPTH = 32;
    private static final int MAX_REASON_CHARS = 160;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestJson() {}

    public static ObjectNode parseObject(byte[] body) {
        String text = decodeUtf8(body);
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.JSON_PARSING_ERROR.exception("The request body is not valid JSON: " + reason(e));
        }
        if (node == null || !node.isObject()) {
            throw ApiError.JSON_PARSING_ERROR.exception("The request body must be a JSON object");
        }
        requireWholeCharacters(node);
        return (ObjectNode) node;
    }

    private static String decodeUtf8(byte[] body) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw ApiError.JSON_PARSING_ERROR.exception("The request body is not valid UTF-8");
        }
    }

    /** Escapes can spell half a surrogate pair, which no UTF-8 text or store can hold. */
    private static void requireWholeCharacters(JsonNode node) {
        if (node.isTextual()) {
            requireWholeCharacters(node.textValue());
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                requireWholeCharacters(field.getKey());
                requireWholeCharacters(field.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                requireWholeCharacters(element);
            }
        }
    }

    private static void requireWholeCharacters(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiError.JSON_PARSING_ERROR.exception(
                        "The request body holds an unpaired surrogate escape (\\u" + Integer.toHexString(c) + ")");
            }
        }
    }

    private static String reason(JsonProcessingException e) {
        String reason = e.getOriginalMessage();
        if (e.getLocation() != null) {
            reason += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        if (reason.codePointCount(0, reason.length()) <= MAX_REASON_CHARS) {
            return reason;
        }
        return reason.substring(0, reason.offsetByCodePoints(0, MAX_REASON_CHARS)) + "…";
    }
}
