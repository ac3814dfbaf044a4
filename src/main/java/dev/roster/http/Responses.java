package dev.roster.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.roster.errors.ApiError;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Renders envelopes as JSON and writes them; the only place that turns an {@link ApiError} into bytes. */
final class Responses {
    static final String JSON_TYPE = "application/json; charset=utf-8";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE);

    private Responses() {}

    static Envelope success(Exchange exchange, Object result) {
        return new Envelope(metadata(exchange, null), result);
    }

    static Envelope failure(Exchange exchange, ApiError error, String message) {
        return new Envelope(metadata(exchange, new Envelope.ErrorBody(error.codeN(), error.code(), message)), null);
    }

    /** Writes {@code body} (an envelope, or plain JSON such as a probe's answer) as the whole response. */
    static void send(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON_TYPE);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private static Envelope.Metadata metadata(Exchange exchange, Envelope.ErrorBody error) {
        return new Envelope.Metadata(exchange.requestId(), Objects.requireNonNullElse(exchange.action(), ""),
                Objects.requireNonNullElse(exchange.version(), ""), Envelope.SERVICE, exchange.region(), error);
    }
}
