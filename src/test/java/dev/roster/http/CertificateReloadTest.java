package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.Eventually;
import dev.roster.testing.LogCapture;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.SelfSignedCertificate;
import dev.roster.testing.SelfSignedCertificate.KeyForm;
import dev.roster.testing.SelfSignedCertificate.KeyType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --tls-reload}: the certificate files replaced while Roster runs. The old certificate (RSA, its key in
 * PKCS#1) is replaced by one of another type (EC, PKCS#8), so that nothing of the first can pass for the second.
 */
class CertificateReloadTest {
    private static final Duration DEADLINE = Duration.ofSeconds(15);
    private static final SelfSignedCertificate FIRST = SelfSignedCertificate.create(KeyType.RSA);
    private static final SelfSignedCertificate SECOND = SelfSignedCertificate.create(KeyType.EC);
    private static final List<SelfSignedCertificate> BOTH = List.of(FIRST, SECOND);
    private static final Path FILES = tempDir();
    private static final Path CERT = FILES.resolve("cert.pem");
    private static final Path KEY = FILES.resolve("key.pem");

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config.tls(new Tls(
            FIRST.writeCertificate(CERT), FIRST.writeKey(KEY, KeyForm.TRADITIONAL), true)));

    @AfterAll
    static void deleteFiles() {
        RosterServerExtension.deleteTree(FILES);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("roster-tls-reload-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int port() {
        return SERVER.roster().port();
    }

    /** One HTTP/1.1 request on an open TLS connection; the status line of the answer. */
    private static String healthz(SSLSocket socket) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        return in.readLine();
    }

    @Test
    void a_replaced_certificate_reaches_new_connections_and_an_invalid_one_keeps_the_old_one_serving()
            throws Exception {
        assertThat(SelfSignedCertificate.presentedBy(port(), BOTH)).isEqualTo(FIRST.certificate());
        try (LogCapture log = LogCapture.of(CertificateReloader.class);
                SSLSocket opened = SelfSignedCertificate.handshake(port(), BOTH)) {

            // Half a rotation: the new certificate beside the old key. Refused, logged, the old one still served.
            SECOND.writeCertificate(CERT);
            Eventually.within(DEADLINE, () -> assertThat(log.lines()).anyMatch(line -> line.startsWith("WARN")));
            assertThat(log.lines()).singleElement().asString()
                    .isEqualTo("WARN TLS files changed but cannot be used, the previous certificate stays in use:"
                            + " TLS key file " + KEY + " does not match the certificate in " + CERT + " (the key is"
                            + " RSA, the certificate's is EC); the certificate file must start with the server's own"
                            + " certificate, then its chain");
            assertThat(SelfSignedCertificate.presentedBy(port(), BOTH)).isEqualTo(FIRST.certificate());

            // The rotation completes: new connections get the new certificate.
            SECOND.writeKey(KEY, KeyForm.PKCS8);
            Eventually.within(DEADLINE, () ->
                    assertThat(SelfSignedCertificate.presentedBy(port(), BOTH)).isEqualTo(SECOND.certificate()));
            assertThat(log.lines()).last().asString()
                    .startsWith("INFO TLS certificate reloaded from " + CERT + ": subject O=Roster test,CN=localhost,"
                            + " serial " + SECOND.certificate().getSerialNumber().toString(16));

            // A connection opened before the rotation goes on with the old certificate.
            assertThat(opened.getSession().getPeerCertificates()[0]).isEqualTo(FIRST.certificate());
            assertThat(healthz(opened)).isEqualTo("HTTP/1.1 200 OK");

            // No log line quotes key material.
            String keyBody = FIRST.keyPem(KeyForm.TRADITIONAL).split("\n")[1];
            assertThat(String.join("\n", log.lines())).doesNotContain(keyBody).doesNotContain("PRIVATE KEY-----\n");
        }
    }
}
