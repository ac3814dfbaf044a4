package dev.roster.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import dev.roster.users.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads an array of user objects such as {@code Users}. An element that is not an object, or whose
 * {@code UserId} is missing or invalid, fails the whole request (it has no identity to report a
 * failure under); any other bad field fails only that user. Each item may carry {@code IfVersion} (0 to
 * 2^63-1), the Version the user must be at for its write to happen.
 */
final class Items {
    private Items() {}

    static <T> List<Entry<T>> read(ObjectNode body, String field, int max, Function<ObjectNode, T> decoder) {
        List<JsonNode> elements = Fields.array(body, field, max);
        List<Entry<T>> entries = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String where = field + "[" + i + "]";
            if (!(elements.get(i) instanceof ObjectNode item)) {
                throw Fields.invalid(where + ": must be an object");
            }
            long userId = Fields.userId(item.get("UserId"), where + ".UserId");
            entries.add(decode(userId, item, decoder));
        }
        return entries;
    }

    private static <T> Entry<T> decode(long userId, ObjectNode item, Function<ObjectNode, T> decoder) {
        try {
            Long ifVersion = Fields.optionalInteger(item, "IfVersion", 0, Long.MAX_VALUE);
            return Entry.of(userId, decoder.apply(item), ifVersion);
        } catch (ApiException e) {
            if (e.error() != ApiError.INVALID_PARAM) {
                throw e;
            }
            return Entry.invalid(userId, e.getMessage());
        }
    }
}
