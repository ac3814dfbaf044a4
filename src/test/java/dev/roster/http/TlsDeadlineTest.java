package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.SelfSignedCertificate;
import dev.roster.testing.SelfSignedCertificate.KeyForm;
import dev.roster.testing.SelfSignedCertificate.KeyType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Under TLS too, neither a trickled handshake nor trickled headers outlast the header timeout. */
class TlsDeadlineTest {
    private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.create(KeyType.EC);
    private static final Path FILES = tempDir();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config
            .http(HttpLimits.DEFAULTS.withHeaderTimeout(Duration.ofSeconds(2)))
            .tls(new Tls(CERTIFICATE.writeCertificate(FILES.resolve("cert.pem")),
                    CERTIFICATE.writeKey(FILES.resolve("key.pem"), KeyForm.PKCS8), false)));

    @AfterAll
    static void deleteFiles() {
        RosterServerExtension.deleteTree(FILES);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("roster-tls-deadline-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code first}, then one byte every 250 ms; returns the milliseconds until the server closed. */
    private static long trickleUntilClosed(Socket socket, byte[] first, byte filler) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(first);
        out.flush();
        long started = System.nanoTime();
        socket.setSoTimeout(250);
        for (int i = 0; i < 40; i++) {
            try {
                out.write(filler);
                out.flush();
                if (socket.getInputStream().read() < 0) {
                    break;
                }
            } catch (SocketTimeoutException stillOpen) {
                continue;
            } catch (IOException closed) {
                break;
            }
        }
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Test
    void a_handshake_sent_a_byte_at_a_time_is_cut_at_the_header_deadline() throws Exception {
        try (Socket socket = RawHttp.open(SERVER.roster().url(), null)) {
            // A TLS handshake record header announcing a long ClientHello, then its body byte by byte.
            long millis = trickleUntilClosed(socket, new byte[] {0x16, 0x03, 0x01, 0x10, 0x00, 0x01}, (byte) 0);
            assertThat(millis).isBetween(1_000L, 4_500L);
        }
    }

    @Test
    void headers_trickled_over_an_established_tls_connection_are_cut_at_the_header_deadline() throws Exception {
        try (SSLSocket socket = SelfSignedCertificate.handshake(SERVER.roster().port(), List.of(CERTIFICATE))) {
            long millis = trickleUntilClosed(socket,
                    "POST /?Action=BatchGetUser&Version=2020-12-01 HTTP/1.1\r\nHost: x\r\nX-Pad: "
                            .getBytes(StandardCharsets.US_ASCII), (byte) 'a');
            assertThat(millis).isBetween(1_000L, 4_500L);
        }
    }
}
