package dev.roster.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A plain HTTP client for Roster's wire protocol, without an SDK, so tests control every byte. With a
 * signer, {@link #call} and {@link #sendSigned} sign like volc-sdk-java; {@link #send} never signs.
 */
public final class ApiClient {
    public static final String VERSION = "2020-12-01";
    public static final String ROSTER_VERSION = "2026-11-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * HTTP/1.1, as the SDKs speak it. The JDK client's default, HTTP/2, also offers an h2c upgrade on every new
     * cleartext connection, which Roster does not take. A CI run once saw one of six concurrent requests end on a
     * closed connection without an answer ("header parser received no bytes"); the upgrade path is the suspect,
     * and the tests have no reason to take it.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final TestSigner signer;

    public ApiClient(URI base, TestSigner signer) {
        this.base = base;
        this.signer = signer;
    }

    public URI base() {
        return base;
    }

    public TestSigner signer() {
        return signer;
    }

    /** The same server, signing with another signer (another key, region or clock). */
    public ApiClient signingWith(TestSigner other) {
        return new ApiClient(base, other);
    }

    /** Signed POST {@code /?Action=action&Version=2020-12-01} with a JSON body given as text. */
    public ApiResponse call(String action, String json) {
        return sendSigned("POST", "/?Action=" + action + "&Version=" + VERSION, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/json"));
    }

    /** Signed POST of one of Roster's own Actions, {@code /?Action=action&Version=2026-11-01}. */
    public ApiResponse callRoster(String action, String json) {
        return sendSigned("POST", "/?Action=" + action + "&Version=" + ROSTER_VERSION,
                json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    /** Any method, path, body and headers, signed. */
    public ApiResponse sendSigned(String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(signer.sign(method, base.resolve(pathAndQuery), headers, body));
        return send(method, pathAndQuery, body, all);
    }

    /** Any method, path, body and headers, exactly as given. */
    public ApiResponse send(String method, String pathAndQuery, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? null : JSON.readTree(response.body());
            return new ApiResponse(response.statusCode(), response.headers(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
