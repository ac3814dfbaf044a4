package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.SelfSignedCertificate;
import dev.roster.testing.SelfSignedCertificate.KeyForm;
import dev.roster.testing.SelfSignedCertificate.KeyType;
import dev.roster.testing.TestSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Roster serving TLS from PEM files (a self-signed EC certificate, its key in PKCS#8), spoken to with the
 * JDK's HTTP client, which negotiates HTTP/2 through ALPN unless told to use HTTP/1.1.
 */
class TlsHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.create(KeyType.EC);
    private static final Path FILES = tempDir();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config.tls(new Tls(
            CERTIFICATE.writeCertificate(FILES.resolve("cert.pem")),
            CERTIFICATE.writeKey(FILES.resolve("key.pem"), KeyForm.PKCS8), false)));

    @AfterAll
    static void deleteFiles() {
        RosterServerExtension.deleteTree(FILES);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("roster-tls-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpClient client(HttpClient.Version version, String... protocols) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(version)
                .sslContext(CERTIFICATE.clientContext())
                .connectTimeout(Duration.ofSeconds(5));
        if (protocols.length > 0) {
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(protocols);
            builder.sslParameters(parameters);
        }
        return builder.build();
    }

    private static HttpResponse<String> post(HttpClient client, String action, String body, boolean signed)
            throws Exception {
        URI uri = SERVER.roster().url().resolve("/?Action=" + action + "&Version=2020-12-01");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (signed) {
            new TestSigner(RosterServerExtension.ROOT).sign("POST", uri, Map.of("Content-Type", "application/json"), bytes)
                    .forEach((name, value) -> {
                        if (!name.equalsIgnoreCase("Content-Type")) {
                            request.header(name, value);
                        }
                    });
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void the_url_is_https() {
        assertThat(SERVER.roster().url().getScheme()).isEqualTo("https");
    }

    @Test
    void a_signed_request_over_http2_gets_a_200_envelope() throws Exception {
        HttpResponse<String> response = post(client(HttpClient.Version.HTTP_2), "BatchGetUser",
                "{\"AppId\":1,\"UserIds\":[7]}", true);

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode envelope = json(response);
        assertThat(envelope.at("/ResponseMetadata/Action").asText()).isEqualTo("BatchGetUser");
        assertThat(envelope.at("/ResponseMetadata/Error").isMissingNode()).isTrue();
        assertThat(envelope.at("/Result/NotFoundUsers/0").asLong()).isEqualTo(7);
    }

    @Test
    void http_1_1_is_served_when_the_client_asks_for_it() throws Exception {
        HttpResponse<String> response = post(client(HttpClient.Version.HTTP_1_1), "RegisterUsers",
                "{\"AppId\":1,\"Users\":[{\"UserId\":8,\"NickName\":\"Ann\"}]}", true);

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).at("/ResponseMetadata/Action").asText()).isEqualTo("RegisterUsers");
    }

    @Test
    void http2_also_works_under_tls_1_2() throws Exception {
        HttpResponse<String> response = post(client(HttpClient.Version.HTTP_2, "TLSv1.2"), "BatchGetUser",
                "{\"AppId\":1,\"UserIds\":[7]}", true);

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void a_refused_request_over_http2_gets_the_same_envelope_as_over_http_1_1() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1)) {
            HttpResponse<String> response = post(client(version), "BatchGetUser", "{\"AppId\":1,\"UserIds\":[7]}",
                    false);

            assertThat(response.version()).isEqualTo(version);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(json(response).at("/ResponseMetadata/Error/Code").asText())
                    .isEqualTo("MissingAuthenticationToken");
        }
    }

    @Test
    void the_probes_answer_over_http2() throws Exception {
        HttpResponse<String> response = client(HttpClient.Version.HTTP_2).send(
                HttpRequest.newBuilder(SERVER.roster().url().resolve("/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void headers_over_the_limit_close_an_http2_connection() throws Exception {
        HttpClient client = client(HttpClient.Version.HTTP_2);
        int limit = HttpLimits.DEFAULTS.maxHeaderBytes();
        HttpRequest.Builder under = HttpRequest.newBuilder(SERVER.roster().url().resolve("/healthz"))
                .header("X-Padding", "x".repeat(limit / 2));
        HttpRequest.Builder over = HttpRequest.newBuilder(SERVER.roster().url().resolve("/healthz"))
                .header("X-Padding", "x".repeat(limit + 1));

        assertThat(client.send(under.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // HTTP/1.1 answers 431 with the envelope; HTTP/2 announces the limit in its SETTINGS and ends a
        // connection that goes over it with GOAWAY, so the request is never served.
        assertThatThrownBy(() -> client.send(over.build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("GOAWAY");
        assertThat(client.send(under.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_client_that_does_not_trust_the_certificate_cannot_connect() {
        HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(SERVER.roster().url().resolve("/healthz"))
                .build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }
}
