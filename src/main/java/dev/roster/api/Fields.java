package dev.roster.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of request fields with errors that name the field. Every failure is an
 * {@code InvalidParam} {@link ApiException}; the item readers' failures are turned into one user's
 * failure by {@link Items}, the others fail the whole request.
 *
 * <p>Hand-written rather than Jackson data binding because binding stops at the first wrong type in
 * the whole body, while Volcengine semantics need to tell which user a wrong field belongs to.
 */
final class Fields {
    static final long MAX_USER_ID = Long.MAX_VALUE;
    static final long MAX_APP_ID = Integer.MAX_VALUE;

    private Fields() {}

    static int appId(ObjectNode body) {
        JsonNode node = body.get("AppId");
        if (node == null || node.isNull()) {
            throw invalid("AppId: is required");
        }
        return (int) integer(node, "AppId", 1, MAX_APP_ID);
    }

    static long userId(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            throw invalid(field + ": is required");
        }
        return integer(node, field, 1, MAX_USER_ID);
    }

    /** A required array of 1 to {@code max} elements. */
    static List<JsonNode> array(ObjectNode body, String field, int max) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field + ": is required");
        }
        if (!node.isArray()) {
            throw invalid(field + ": must be an array");
        }
        if (node.isEmpty() || node.size() > max) {
            throw invalid(field + ": must hold 1 to " + max + " items, got " + node.size());
        }
        List<JsonNode> elements = new ArrayList<>(node.size());
        node.forEach(elements::add);
        return elements;
    }

    /** A required array of 1 to {@code max} user ids. */
    static List<Long> userIds(ObjectNode body, String field, int max) {
        List<JsonNode> elements = array(body, field, max);
        List<Long> ids = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            ids.add(userId(elements.get(i), field + "[" + i + "]"));
        }
        return ids;
    }

    /** A required integer from {@code min} to {@code max}. */
    static long integer(ObjectNode object, String field, long min, long max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field + ": is required");
        }
        return integer(node, field, min, max);
    }

    /** An optional integer; {@code null} when absent or JSON null. */
    static Long optionalInteger(ObjectNode object, String field, long min, long max) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : integer(node, field, min, max);
    }

    /** An optional string; {@code null} when absent or JSON null. */
    static String optionalString(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field + ": must be a string");
        }
        return node.textValue();
    }

    static Boolean optionalBoolean(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw invalid(field + ": must be true or false");
        }
        return node.booleanValue();
    }

    /** An optional array of strings; {@code null} when absent or JSON null. */
    static List<String> optionalStrings(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid(field + ": must be an array of strings");
        }
        List<String> strings = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isTextual()) {
                throw invalid(field + "[" + i + "]: must be a string");
            }
            strings.add(element.textValue());
        }
        return strings;
    }

    /** An optional object of string values; {@code null} when absent or JSON null. */
    static Map<String, String> optionalStringMap(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(field + ": must be an object of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw invalid(field + ": every value must be a string (use \"\" to remove a key)");
            }
            map.put(e.getKey(), e.getValue().textValue());
        }
        return map;
    }

    static ApiException invalid(String message) {
        return ApiError.INVALID_PARAM.exception(message);
    }

    private static long integer(JsonNode node, String field, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()
                || node.longValue() < min || node.longValue() > max) {
            throw invalid(field + ": must be an integer from " + min + " to " + max);
        }
        return node.longValue();
    }
}
