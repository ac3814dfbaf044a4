package dev.roster.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, made with BouncyCastle (a test dependency only): self-signed for
 * {@code localhost} and {@code 127.0.0.1}, or issued by a test authority so that the certificate file holds a
 * chain. Writes the PEM files Roster reads (the key in any of the forms of {@link KeyForm}) and builds client
 * SSL contexts that trust this certificate (or its authority) and nothing else.
 */
public final class SelfSignedCertificate {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    /** The key's algorithm. */
    public enum KeyType { RSA, EC, Ed25519 }

    /** How the private key is written. */
    public enum KeyForm {
        /** {@code BEGIN PRIVATE KEY}. */
        PKCS8,
        /** OpenSSL's traditional form: {@code BEGIN RSA PRIVATE KEY} (PKCS#1) or {@code BEGIN EC PRIVATE KEY} (SEC1). */
        TRADITIONAL,
        /** {@code BEGIN ENCRYPTED PRIVATE KEY}, with a password. */
        ENCRYPTED_PKCS8,
        /** The traditional form encrypted the old OpenSSL way, with {@code Proc-Type: 4,ENCRYPTED} headers. */
        ENCRYPTED_TRADITIONAL
    }

    private final KeyPair keys;
    private final X509Certificate certificate;
    /** The certificate first, then its issuers up to the root. */
    private final List<X509Certificate> chain;

    private SelfSignedCertificate(KeyPair keys, X509Certificate certificate, List<X509Certificate> issuers) {
        this.keys = keys;
        this.certificate = certificate;
        List<X509Certificate> all = new ArrayList<>();
        all.add(certificate);
        all.addAll(issuers);
        this.chain = List.copyOf(all);
    }

    /** A self-signed server certificate for localhost and 127.0.0.1. */
    public static SelfSignedCertificate create(KeyType type) {
        KeyPair keys = keyPair(type);
        X500Name subject = new X500Name("CN=localhost,O=Roster test");
        return new SelfSignedCertificate(keys, sign(subject, subject, keys, keys.getPrivate(), type, false), List.of());
    }

    /** A test certificate authority, to issue server certificates with {@link #issue}. */
    public static SelfSignedCertificate authority(KeyType type) {
        KeyPair keys = keyPair(type);
        X500Name subject = new X500Name("CN=Roster test CA " + SERIALS.incrementAndGet());
        return new SelfSignedCertificate(keys, sign(subject, subject, keys, keys.getPrivate(), type, true), List.of());
    }

    /** A server certificate for localhost and 127.0.0.1 issued by this authority; its chain ends with this one. */
    public SelfSignedCertificate issue(KeyType type) {
        KeyPair serverKeys = keyPair(type);
        X500Name issuer = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        X509Certificate issued = sign(new X500Name("CN=localhost,O=Roster test"), issuer, serverKeys,
                keys.getPrivate(), type(keys), false);
        return new SelfSignedCertificate(serverKeys, issued, chain);
    }

    private static KeyType type(KeyPair keys) {
        String algorithm = keys.getPrivate().getAlgorithm();
        return algorithm.startsWith("Ed") ? KeyType.Ed25519 : KeyType.valueOf(algorithm);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey privateKey() {
        return keys.getPrivate();
    }

    /** The certificate and its chain, as PEM. */
    public String certificatePem() {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (X509Certificate c : chain) {
                pem.writeObject(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The private key, as PEM in the given form. */
    public String keyPem(KeyForm form) {
        StringWriter out = new StringWriter();
        char[] password = "test-password".toCharArray();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            switch (form) {
                case PKCS8 -> pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
                case TRADITIONAL -> pem.writeObject(keys.getPrivate());
                case ENCRYPTED_PKCS8 -> pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(),
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                                .setPassword(password).build()));
                case ENCRYPTED_TRADITIONAL -> pem.writeObject(new JcaMiscPEMGenerator(keys.getPrivate(),
                        new JcePEMEncryptorBuilder("AES-128-CBC").setProvider(BC).build(password)));
            }
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Writes the certificate file (certificate, then chain). */
    public Path writeCertificate(Path file) {
        return write(file, certificatePem());
    }

    public Path writeKey(Path file, KeyForm form) {
        return write(file, keyPem(form));
    }

    /** A client SSL context that trusts the root of this certificate's chain, and only it. */
    public SSLContext clientContext() {
        return clientContext(List.of(this));
    }

    /** A client SSL context that trusts the roots of these certificates' chains, and nothing else. */
    public static SSLContext clientContext(List<SelfSignedCertificate> trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustStoreFactory(trusted).getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A key store holding the roots of these certificates' chains as trusted certificates. */
    public static KeyStore trustStore(List<SelfSignedCertificate> trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                List<X509Certificate> chain = trusted.get(i).chain;
                store.setCertificateEntry("trusted-" + i, chain.get(chain.size() - 1));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens a TLS connection to {@code 127.0.0.1:port}, trusting the given certificates, checking the host
     * name as HTTPS clients do, and returns the certificate the server presented.
     */
    public static X509Certificate presentedBy(int port, List<SelfSignedCertificate> trusted) throws IOException {
        try (SSLSocket socket = handshake(port, trusted)) {
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    /** A TLS connection to {@code 127.0.0.1:port} after its handshake, with the host name checked. */
    public static SSLSocket handshake(int port, List<SelfSignedCertificate> trusted) throws IOException {
        SSLSocketFactory factory = clientContext(trusted).getSocketFactory();
        SSLSocket socket = (SSLSocket) factory.createSocket();
        try {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(10_000);
            var parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the handshake failure is what matters
        }
    }

    private static TrustManagerFactory trustStoreFactory(List<SelfSignedCertificate> trusted)
            throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore(trusted));
        return factory;
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
            if (type == KeyType.RSA) {
                generator.initialize(2048);
            } else if (type == KeyType.EC) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, X500Name issuer, KeyPair subjectKeys, PrivateKey issuerKey,
            KeyType issuerType, boolean authority) {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(2))), subject, subjectKeys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            }
            String algorithm = switch (issuerType) {
                case RSA -> "SHA256withRSA";
                case EC -> "SHA256withECDSA";
                case Ed25519 -> "Ed25519";
            };
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (IOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
