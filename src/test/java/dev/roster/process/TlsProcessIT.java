package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.RosterProcess;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar serving TLS as configured by the environment: the ready line says {@code https}, and HTTP/2
 * is negotiated, which proves that the shaded jar kept the ALPN provider that Jetty finds through a service file.
 */
class TlsProcessIT {
    @TempDir
    Path dir;

    @Test
    void the_packaged_server_serves_http2_over_tls_from_the_environment_and_stops_cleanly() throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(KeyType.EC);
        Map<String, String> env = Map.of(
                "ROSTER_TLS_CERT", certificate.writeCertificate(dir.resolve("cert.pem")).toString(),
                "ROSTER_TLS_KEY", certificate.writeKey(dir.resolve("key.pem"), KeyForm.PKCS8).toString(),
                "ROSTER_TLS_RELOAD", "true");
        try (RosterProcess roster = RosterProcess.start(dir.resolve("data"), env)) {
            assertThat(roster.url().toString()).matches("https://127\\.0\\.0\\.1:\\d+");
            HttpClient client = HttpClient.newBuilder().sslContext(certificate.clientContext())
                    .connectTimeout(Duration.ofSeconds(5)).build();

            URI uri = roster.url().resolve("/?Action=BatchGetUser&Version=2020-12-01");
            byte[] body = "{\"AppId\":1,\"UserIds\":[1]}".getBytes(StandardCharsets.UTF_8);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
            new TestSigner(RosterServerExtension.ROOT).sign("POST", uri, Map.of(), body).forEach(request::header);
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            roster.terminate();
            assertThat(roster.waitForExit(30)).isZero();
            assertThat(roster.log()).contains("TLS: HTTPS with HTTP/2 and HTTP/1.1", "reloaded when the files change")
                    .doesNotContain("ERROR");
        }
    }
}
