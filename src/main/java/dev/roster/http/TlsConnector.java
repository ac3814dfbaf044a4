package dev.roster.http;

import java.time.Instant;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the server's connector when it serves TLS: TLS 1.2 or 1.3 with the certificate of the PEM files,
 * then HTTP/2 or HTTP/1.1 as the client chooses through ALPN (HTTP/1.1 for clients that do not say), both
 * over the same {@link HttpConfiguration} as the plain connector, so that the header size limit and
 * everything else apply alike (an HTTP/2 request's authority stands in for the Host header it lacks: see
 * {@link ApiHandler}). With {@link Tls#reload()} a {@link CertificateReloader} bean of the server watches the
 * files.
 */
final class TlsConnector {
    private static final Logger LOG = LoggerFactory.getLogger(TlsConnector.class);

    private TlsConnector() {}

    static ServerConnector create(Server server, HttpConfiguration http, Tls tls) throws PemFiles.PemException {
        // Stamped before reading, so that a change made while the files are read is seen as a change.
        CertificateReloader.Stamps stamps = CertificateReloader.Stamps.of(tls);
        PemFiles.Identity identity = PemFiles.read(tls.cert(), tls.key());

        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        // Under TLS 1.2, HTTP/2 forbids many ciphers: offer those it accepts first.
        ssl.setCipherComparator(HTTP2Cipher.COMPARATOR);
        ssl.setSniRequired(false);
        install(ssl, identity);

        // Certificates often name a host other than the one a client dialled (an IP address, a test's
        // localhost): checking the Host header against the certificate would refuse such clients for nothing.
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        HttpConnectionFactory http11 = new HttpConnectionFactory(http);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(http);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(h2.getProtocol(), http11.getProtocol());
        alpn.setDefaultProtocol(http11.getProtocol());
        SslConnectionFactory tlsFactory = new SslConnectionFactory(ssl, alpn.getProtocol());
        ServerConnector connector = new ServerConnector(server, tlsFactory, alpn, h2, http11);

        LOG.info("TLS: HTTPS with HTTP/2 and HTTP/1.1, certificate from {}: {}{}", tls.cert(), identity.describe(),
                tls.reload() ? "; reloaded when the files change" : "");
        warnIfExpired(identity, tls);
        if (tls.reload()) {
            server.addBean(new CertificateReloader(tls, ssl, stamps));
        }
        return connector;
    }

    /** Puts the identity's key and chain into the factory, as its key store; the caller (re)loads the factory. */
    static void install(SslContextFactory factory, PemFiles.Identity identity) {
        PemFiles.KeyStoreWithPassword keyStore = identity.keyStore();
        factory.setKeyStore(keyStore.store());
        factory.setKeyStorePassword(keyStore.password());
        factory.setKeyManagerPassword(keyStore.password());
    }

    static void warnIfExpired(PemFiles.Identity identity, Tls tls) {
        if (identity.expiredAt(Instant.now())) {
            LOG.warn("the TLS certificate in {} expired at {}: clients will refuse it", tls.cert(),
                    identity.leaf().getNotAfter().toInstant());
        }
    }
}
