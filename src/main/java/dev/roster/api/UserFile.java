package dev.roster.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.errors.ApiException;
import dev.roster.store.Profile;
import dev.roster.users.NewProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Users as NDJSON, the format of {@code roster export}, {@code import} and {@code serve --seed}: one JSON
 * object per line, each a user as BatchGetUser returns it ({@code AppId}, {@code UserId}, {@code NickName},
 * {@code Portrait}, {@code Tags}, {@code Ext}, {@code IsRobot}, {@code CreateTime}, {@code ModifyTime}, {@code Version}).
 * Reading takes what RegisterUsers takes, checked as RegisterUsers checks it; the times and Version are the store's
 * own and are not read back.
 */
public final class UserFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    private UserFile() {}

    /** One user of a file: where it was, and what RegisterUsers would be given for it. */
    public record Line(int number, int appId, long userId, NewProfile profile) {

        /** The user as one item of a RegisterUsers body. */
        public ObjectNode registerItem() {
            ObjectNode item = JSON.createObjectNode().put("UserId", userId).put("NickName", profile.nickName())
                    .put("Portrait", profile.portrait());
            profile.tags().forEach(item.putArray("Tags")::add);
            ObjectNode ext = item.putObject("Ext");
            profile.ext().forEach(ext::put);
            return item.put("IsRobot", profile.isRobot());
        }
    }

    /** One line of the file: the profile as BatchGetUser returns it. */
    public static String line(Profile profile) {
        return line(UserView.of(profile));
    }

    /**
     * One line of the file from a user as BatchGetUser or ListUsers answered it: read into a {@link UserView}
     * and written again, so that the line is the same whether it came from a store or through the API
     * (fields a newer server adds are left out).
     */
    public static String line(JsonNode answered) {
        try {
            return line(JSON.readerFor(UserView.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .<UserView>readValue(answered));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a user as the API returns it: " + e.getMessage(), e);
        }
    }

    private static String line(UserView user) {
        try {
            return JSON.writeValueAsString(user);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and checks every line; blank lines are skipped. A bad line fails the whole read, naming it. */
    public static List<Line> read(BufferedReader in) throws IOException {
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String text = in.readLine(); text != null; text = in.readLine()) {
            number++;
            if (!text.isBlank()) {
                lines.add(parse(number, text));
            }
        }
        return lines;
    }

    private static Line parse(int number, String text) {
        JsonNode node;
        try {
            node = RequestJson.parseObject(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (ApiException e) {
            throw new IllegalArgumentException("line " + number + ": not a JSON object: " + e.getMessage());
        }
        ObjectNode user = (ObjectNode) node;
        try {
            return new Line(number, Fields.appId(user), Fields.userId(user.get("UserId"), "UserId"),
                    RegisterUsersAction.decode(user));
        } catch (ApiException e) {
            throw new IllegalArgumentException("line " + number + ": " + e.getMessage());
        }
    }
}
