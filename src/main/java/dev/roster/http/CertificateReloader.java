package dev.roster.http;

import dev.roster.auth.SignatureV4;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the TLS certificate without a restart: polls the certificate and key files (modification time,
 * size, file identity and a digest of the content) and, once a change has settled, reads both again and
 * reloads the TLS context. New
 * connections get the new certificate; open ones keep theirs. A pair that cannot be used (half written,
 * mismatched, invalid) is logged as a warning and the previous certificate stays in use; the next change
 * is tried again. A bean of the server, so it starts and stops with it.
 *
 * <p>Polling rather than a {@code WatchService}: rotation tools replace files by renaming or by swapping
 * symbolic links (Kubernetes secrets), which directory watches report unreliably, and a poll every second
 * costs nothing. The digest is there because some file systems keep modification times to the second, so
 * that a certificate rewritten in place within a second, at the same size, would otherwise go unseen.
 */
final class CertificateReloader extends AbstractLifeCycle {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Tls tls;
    private final SslContextFactory.Server ssl;
    private final Duration interval;
    /** The stamps of the files last read, successfully or not. */
    private Stamps tried;
    /** Stamps that differ from {@link #tried}, seen at the last poll; read once they stay the same for a poll. */
    private Stamps changed;
    private ScheduledExecutorService timer;

    CertificateReloader(Tls tls, SslContextFactory.Server ssl, Stamps loaded) {
        this(tls, ssl, loaded, POLL_INTERVAL);
    }

    CertificateReloader(Tls tls, SslContextFactory.Server ssl, Stamps loaded, Duration interval) {
        this.tls = tls;
        this.ssl = ssl;
        this.tried = loaded;
        this.interval = interval;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "roster-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::pollSafely, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A scheduled task that throws is never run again: nothing may escape. */
    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("TLS reload: unexpected failure, the current certificate stays in use: {}", e.toString());
        }
    }

    /** One look at the files; runs on the timer thread only. */
    void poll() {
        Stamps now = Stamps.of(tls);
        if (now.equals(tried)) {
            changed = null;
            return;
        }
        if (!now.equals(changed)) {
            // Still being written, perhaps (a certificate before its key): look again next time.
            changed = now;
            return;
        }
        changed = null;
        tried = now;
        reload();
    }

    private void reload() {
        PemFiles.Identity identity;
        try {
            identity = PemFiles.read(tls.cert(), tls.key());
        } catch (PemFiles.PemException e) {
            LOG.warn("TLS files changed but cannot be used, the previous certificate stays in use: {}", e.getMessage());
            return;
        }
        try {
            ssl.reload(factory -> TlsConnector.install(factory, identity));
        } catch (Exception e) {
            LOG.error("TLS reload failed after the files were read: {}", e.toString());
            return;
        }
        LOG.info("TLS certificate reloaded from {}: {}", tls.cert(), identity.describe());
        TlsConnector.warnIfExpired(identity, tls);
    }

    /** What tells that a file changed; a missing or unreadable file has its own stamp. */
    record Stamp(Object fileKey, FileTime modified, long size, String digest) {
        private static final Stamp MISSING = new Stamp(null, null, -1, null);
        private static final long MAX_DIGESTED_BYTES = 1024 * 1024;

        static Stamp of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                String digest = attributes.size() > MAX_DIGESTED_BYTES ? null
                        : SignatureV4.sha256Hex(Files.readAllBytes(file));
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), digest);
            } catch (IOException e) {
                return MISSING;
            }
        }
    }

    record Stamps(Stamp cert, Stamp key) {
        static Stamps of(Tls tls) {
            return new Stamps(Stamp.of(tls.cert()), Stamp.of(tls.key()));
        }
    }
}
