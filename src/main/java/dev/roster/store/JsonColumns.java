package dev.roster.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two JSON columns of a profile, Tags ({@code ["a","b"]}) and Ext ({@code {"k":"v"}}), read and
 * written with Jackson's streaming parser and generator. Every request reads and writes them once per
 * user; going through data binding instead cost a deserialization context, a serializer provider and
 * their lookups each time, a quarter of the bytes an update allocated.
 */
final class JsonColumns {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonColumns() {}

    static List<String> tags(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY);
            List<String> tags = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                expect(token, JsonToken.VALUE_STRING);
                tags.add(parser.getText());
            }
            return tags;
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    static Map<String, String> ext(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            Map<String, String> ext = new LinkedHashMap<>();
            for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
                expect(parser.nextToken(), JsonToken.VALUE_STRING);
                ext.put(key, parser.getText());
            }
            expect(parser.currentToken(), JsonToken.END_OBJECT);
            return ext;
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    static String tags(List<String> tags) {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartArray();
            for (String tag : tags) {
                out.writeString(tag);
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode tags", e);
        }
        return text.toString();
    }

    static String ext(Map<String, String> ext) {
        StringWriter text = new StringWriter(64);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            for (Map.Entry<String, String> entry : ext.entrySet()) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode ext", e);
        }
        return text.toString();
    }

    /**
     * A profile as BatchGetUser shows it (the Before and After of change events): AppId, UserId,
     * NickName, Portrait, Tags, Ext, IsRobot, CreateTime, ModifyTime, Version.
     */
    static String profile(Profile p) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeNumberField("AppId", p.appId());
            out.writeNumberField("UserId", p.userId());
            out.writeStringField("NickName", p.nickName());
            out.writeStringField("Portrait", p.portrait());
            out.writeArrayFieldStart("Tags");
            for (String tag : p.tags()) {
                out.writeString(tag);
            }
            out.writeEndArray();
            out.writeObjectFieldStart("Ext");
            for (Map.Entry<String, String> entry : p.ext().entrySet()) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
            out.writeBooleanField("IsRobot", p.isRobot());
            out.writeNumberField("CreateTime", p.createTime());
            out.writeNumberField("ModifyTime", p.modifyTime());
            out.writeNumberField("Version", p.version());
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a profile", e);
        }
        return text.toString();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }

    private static StoreException corrupt(IOException e) {
        return new StoreException("stored JSON column is corrupt", false, e);
    }
}
