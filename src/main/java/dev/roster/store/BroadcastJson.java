package dev.roster.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;

/**
 * A broadcast as clients see it, the same JSON in ListBroadcasts and in its events' {@code Broadcast}:
 * {@code BroadcastId, AppId, InboxType, Sender, MsgTTL, MsgType, Content, TagOp, Tags, Ext, CreateTime,
 * ExpireTime, Status} (at the time given), {@code AudienceSize} and {@code ReadyTime} once the audience
 * was ready, {@code RequestId} (of the UserBroadcast call) and {@code AccessKeyId} (that signed it).
 */
public final class BroadcastJson {
    private static final JsonFactory JSON = new JsonFactory();

    private BroadcastJson() {}

    public static String of(Broadcast b, long now) {
        BroadcastMessage m = b.message();
        StringWriter text = new StringWriter(256 + m.content().length());
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("BroadcastId", b.broadcastId());
            out.writeNumberField("AppId", b.appId());
            out.writeNumberField("InboxType", m.inboxType());
            out.writeNumberField("Sender", m.sender());
            out.writeNumberField("MsgTTL", m.msgTtl());
            out.writeNumberField("MsgType", m.msgType());
            out.writeStringField("Content", m.content());
            out.writeNumberField("TagOp", m.tagOp());
            out.writeArrayFieldStart("Tags");
            for (String tag : m.tags()) {
                out.writeString(tag);
            }
            out.writeEndArray();
            out.writeObjectFieldStart("Ext");
            for (Map.Entry<String, String> entry : m.ext().entrySet()) {
                out.writeStringField(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
            out.writeNumberField("CreateTime", b.time());
            out.writeNumberField("ExpireTime", b.expireTime());
            out.writeStringField("Status", b.statusAt(now).wire());
            if (b.readyTime() != null) {
                out.writeNumberField("AudienceSize", b.audienceSize());
                out.writeNumberField("ReadyTime", b.readyTime());
            }
            out.writeStringField("RequestId", b.requestId());
            out.writeStringField("AccessKeyId", b.accessKeyId());
            out.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a broadcast", e);
        }
        return text.toString();
    }
}
