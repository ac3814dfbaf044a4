package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.Eventually;
import dev.roster.testing.LogCapture;
import dev.roster.testing.SelfSignedCertificate;
import dev.roster.testing.SelfSignedCertificate.KeyForm;
import dev.roster.testing.SelfSignedCertificate.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reloader's decisions, one poll at a time (no timer): when it reads the files, and what it keeps. */
class CertificateReloaderTest {
    private static SelfSignedCertificate first;
    private static SelfSignedCertificate second;

    @TempDir
    Path dir;
    private Tls tls;
    private SslContextFactory.Server ssl;
    private CertificateReloader reloader;
    private LogCapture log;

    @BeforeAll
    static void makeCertificates() {
        first = SelfSignedCertificate.create(KeyType.EC);
        second = SelfSignedCertificate.create(KeyType.EC);
    }

    @BeforeEach
    void serveTheFirstCertificate() throws Exception {
        tls = new Tls(first.writeCertificate(dir.resolve("cert.pem")), first.writeKey(dir.resolve("key.pem"),
                KeyForm.PKCS8), true);
        ssl = new SslContextFactory.Server();
        TlsConnector.install(ssl, PemFiles.read(tls.cert(), tls.key()));
        ssl.start();
        reloader = new CertificateReloader(tls, ssl, CertificateReloader.Stamps.of(tls));
        log = LogCapture.of(CertificateReloader.class);
    }

    @AfterEach
    void stop() throws Exception {
        log.close();
        ssl.stop();
    }

    private Certificate served() throws Exception {
        KeyStore store = ssl.getKeyStore();
        return store.getCertificate(store.aliases().nextElement());
    }

    @Test
    void nothing_changed_nothing_is_read() throws Exception {
        reloader.poll();
        reloader.poll();

        assertThat(served()).isEqualTo(first.certificate());
        assertThat(log.lines()).isEmpty();
    }

    @Test
    void a_change_is_read_once_it_has_stayed_the_same_for_one_poll() throws Exception {
        second.writeCertificate(tls.cert());
        second.writeKey(tls.key(), KeyForm.PKCS8);

        reloader.poll();
        assertThat(served()).as("still being written, perhaps").isEqualTo(first.certificate());
        reloader.poll();

        assertThat(served()).isEqualTo(second.certificate());
        assertThat(log.lines()).singleElement().asString().startsWith("INFO TLS certificate reloaded from "
                + tls.cert());
    }

    @Test
    void a_pair_that_cannot_be_used_is_tried_once_and_again_when_it_changes() throws Exception {
        second.writeCertificate(tls.cert());
        reloader.poll();
        reloader.poll();
        reloader.poll();
        reloader.poll();

        assertThat(served()).isEqualTo(first.certificate());
        assertThat(log.lines()).singleElement().asString().startsWith("WARN TLS files changed but cannot be used,"
                + " the previous certificate stays in use: TLS key file " + tls.key() + " does not match");

        second.writeKey(tls.key(), KeyForm.PKCS8);
        reloader.poll();
        reloader.poll();

        assertThat(served()).isEqualTo(second.certificate());
        assertThat(log.lines()).hasSize(2).last().asString().startsWith("INFO TLS certificate reloaded");
    }

    @Test
    void a_file_removed_keeps_the_old_certificate_until_it_is_back() throws Exception {
        Files.delete(tls.key());
        reloader.poll();
        reloader.poll();

        assertThat(served()).isEqualTo(first.certificate());
        assertThat(log.lines()).singleElement().asString().endsWith("TLS key file " + tls.key() + " does not exist");

        first.writeKey(tls.key(), KeyForm.PKCS8);
        reloader.poll();
        reloader.poll();

        assertThat(served()).isEqualTo(first.certificate());
        assertThat(log.lines()).hasSize(2).last().asString().startsWith("INFO TLS certificate reloaded");
    }

    @Test
    void the_watcher_thread_runs_while_started_and_ends_when_stopped() throws Exception {
        long others = reloadThreads();
        CertificateReloader timed = new CertificateReloader(tls, ssl, CertificateReloader.Stamps.of(tls),
                Duration.ofMillis(20));
        timed.start();
        try {
            second.writeCertificate(tls.cert());
            second.writeKey(tls.key(), KeyForm.PKCS8);
            Eventually.within(Duration.ofSeconds(10), () -> assertThat(served()).isEqualTo(second.certificate()));
            assertThat(reloadThreads()).isEqualTo(others + 1);
        } finally {
            timed.stop();
        }
        // The pool is terminated when stop returns; its thread may take a moment more to end.
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(reloadThreads()).isEqualTo(others));
    }

    private static long reloadThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("roster-tls-reload") && t.isAlive())
                .count();
    }
}
