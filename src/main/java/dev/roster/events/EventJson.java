package dev.roster.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.roster.store.StoredEvent;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;

/**
 * An event as every reader gets it, the same JSON in ListUserEvents, in a webhook's {@code data} and as a
 * Kafka record's value. A user's change: {@code EventId, Sequence, Type, AppId, UserId, Time} (epoch ms),
 * {@code Action, RequestId, Before, After} (profiles as BatchGetUser shows them, or null). A broadcast's
 * ({@code broadcast.accepted}, {@code broadcast.ready}): {@code EventId, Sequence, Type, AppId, Time, Action,
 * RequestId, Broadcast} (as ListBroadcasts shows it, at the event's time).
 */
public final class EventJson {
    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    public static String of(StoredEvent e) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            out.writeStringField("EventId", e.eventId());
            out.writeNumberField("Sequence", e.seq());
            out.writeStringField("Type", e.type());
            out.writeNumberField("AppId", e.appId());
            boolean broadcast = isBroadcast(e);
            if (!broadcast) {
                out.writeNumberField("UserId", e.userId());
            }
            out.writeNumberField("Time", e.time());
            out.writeStringField("Action", e.action());
            out.writeStringField("RequestId", e.requestId());
            if (broadcast) {
                raw(out, "Broadcast", e.after());
            } else {
                raw(out, "Before", e.before());
                raw(out, "After", e.after());
            }
            out.writeEndObject();
        } catch (IOException failure) {
            throw new IllegalStateException("cannot encode an event", failure);
        }
        return text.toString();
    }

    /** True for the events of a broadcast, which concern no one user. */
    public static boolean isBroadcast(StoredEvent e) {
        return e.type().startsWith("broadcast.");
    }

    /** The body of a Standard Webhooks message: {@code {"type":…,"timestamp":ISO-8601,"data":<the event>}}. */
    static String webhookBody(StoredEvent e, String eventJson) {
        return "{\"type\":\"" + e.type() + "\",\"timestamp\":\"" + Instant.ofEpochMilli(e.time()) + "\",\"data\":"
                + eventJson + "}";
    }

    /** Profiles are stored as the JSON BatchGetUser answers, so they are copied as they are. */
    private static void raw(JsonGenerator out, String name, String json) throws IOException {
        out.writeFieldName(name);
        if (json == null) {
            out.writeNull();
        } else {
            out.writeRawValue(json);
        }
    }
}
