package dev.roster.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Calls Roster's API (or Volcengine's) as the SDKs do: {@code POST /?Action=…&Version=…} with a JSON
 * body, signed with Volcengine's V4 scheme ({@link RequestSigner}). For the command-line client.
 */
public final class RosterClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final RequestSigner signer;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public RosterClient(URI endpoint, RequestSigner signer, Clock clock) {
        this.endpoint = endpoint;
        this.signer = signer;
        this.clock = clock;
    }

    /** One answer: the HTTP status, the envelope, and the seconds {@code Retry-After} asks to wait (0 if none). */
    public record Answer(int status, JsonNode envelope, long retryAfterSeconds) {
        public JsonNode metadata() {
            return envelope.path("ResponseMetadata");
        }

        public JsonNode result() {
            return envelope.path("Result");
        }

        public String requestId() {
            return metadata().path("RequestId").asText("");
        }

        /** The error Code, or null on success. */
        public String errorCode() {
            JsonNode error = metadata().path("Error");
            return error.isMissingNode() || error.isNull() ? null : error.path("Code").asText();
        }

        public String errorMessage() {
            return metadata().path("Error").path("Message").asText("");
        }
    }

    private static long seconds(String value) {
        try {
            return Math.max(0, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Sends one call; an answer that is not an envelope, or no answer, is an {@link IOException}. */
    public Answer call(String action, String version, byte[] body) throws IOException {
        URI uri = endpoint.resolve("/?Action=" + URLEncoder.encode(action, StandardCharsets.UTF_8)
                + "&Version=" + URLEncoder.encode(version, StandardCharsets.UTF_8));
        RequestSigner.Signature signature = signer.sign("POST", uri, RequestSigner.CONTENT_TYPE, SignatureV4.sha256Hex(body),
                clock.instant());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signature.headers().forEach(request::header);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        JsonNode envelope;
        try {
            envelope = JSON.readTree(response.body());
        } catch (IOException e) {
            envelope = null;
        }
        if (envelope == null || !envelope.has("ResponseMetadata")) {
            throw new IOException("HTTP " + response.statusCode() + " from " + endpoint + " is not an API answer");
        }
        long retryAfter = response.headers().firstValue("Retry-After").map(RosterClient::seconds).orElse(0L);
        return new Answer(response.statusCode(), envelope, retryAfter);
    }
}
