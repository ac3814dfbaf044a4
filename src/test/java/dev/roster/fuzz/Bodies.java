package dev.roster.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies of an Action's shape made from fuzz input: always a JSON object with the fields the
 * Action reads, their values (ids, counts, texts) from the input, so that inputs reach the Action's
 * per-user code rather than stopping at JsonParsingError.
 */
final class Bodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Bodies() {}

    static byte[] shaped(String action, FuzzedDataProvider data) {
        ObjectNode body = JSON.createObjectNode();
        body.put("AppId", data.consumeInt(0, 3));
        int count = data.consumeInt(0, Seeds.LIMITS.getUsers() + 1);
        if (action.equals("RegisterUsers") || action.equals("BatchUpdateUser")) {
            ArrayNode users = body.putArray("Users");
            for (int i = 0; i < count; i++) {
                user(users.addObject(), data);
            }
        } else {
            ArrayNode ids = body.putArray("UserIds");
            for (int i = 0; i < count; i++) {
                ids.add(data.consumeInt(0, 9));
            }
            if (action.equals("BatchUpdateUserTags")) {
                tags(body.putArray("Tags"), data);
                if (data.consumeBoolean()) {
                    body.put("Op", data.consumeInt(0, 2));
                }
            }
        }
        try {
            // Written as text first: a lone surrogate from the input becomes '?' in UTF-8, as a client's would.
            return JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void user(ObjectNode user, FuzzedDataProvider data) {
        user.put("UserId", data.consumeInt(0, 9));
        if (data.consumeBoolean()) {
            user.put("NickName", data.consumeString(Seeds.LIMITS.nickNameChars() + 2));
        }
        if (data.consumeBoolean()) {
            user.put("Portrait", data.consumeString(Seeds.LIMITS.portraitChars() + 2));
        }
        if (data.consumeBoolean()) {
            tags(user.putArray("Tags"), data);
        }
        if (data.consumeBoolean()) {
            ObjectNode ext = user.putObject("Ext");
            for (int n = data.consumeInt(0, Seeds.LIMITS.extKeys() + 1); n > 0; n--) {
                ext.put(data.consumeString(Seeds.LIMITS.extKeyBytes() + 2), data.consumeString(Seeds.LIMITS.extValueBytes() + 2));
            }
        }
        if (data.consumeBoolean()) {
            user.put("IsRobot", data.consumeBoolean());
        }
    }

    private static void tags(ArrayNode tags, FuzzedDataProvider data) {
        for (int n = data.consumeInt(0, Seeds.LIMITS.tagsPerUser() + 2); n > 0; n--) {
            tags.add(data.consumeString(Seeds.LIMITS.tagChars() + 2));
        }
    }
}
