package dev.roster.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the server's certificate chain and private key from PEM files, as web servers take them: the
 * certificate file holds one or more {@code BEGIN CERTIFICATE} blocks (the server's own first, then the
 * chain); the key file holds one unencrypted key, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA, EC or EdDSA) or
 * PKCS#1 ({@code BEGIN RSA PRIVATE KEY}).
 *
 * <p>Written by hand, not with BouncyCastle's {@code PEMParser}: the JDK decodes certificates and PKCS#8
 * keys itself, and PKCS#1 differs from PKCS#8 only by a fixed DER wrapper that is added here; BouncyCastle
 * would add about 9 MB to the jar for that. Error messages name the file and say what to do; they never
 * contain key material.
 */
public final class PemFiles {
    private static final long MAX_FILE_BYTES = 1024 * 1024;
    private static final String CERT_FILE = "TLS certificate file ";
    private static final String KEY_FILE = "TLS key file ";
    /** DER of PKCS#8's {@code version 0} and the AlgorithmIdentifier {@code rsaEncryption} (1.2.840.113549.1.1.1, NULL). */
    private static final byte[] PKCS8_RSA_PREFIX = {
            0x02, 0x01, 0x00,
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemFiles() {}

    /** A file that cannot serve TLS; the message names the file and the reason. */
    public static final class PemException extends IOException {
        PemException(String message) {
            super(message);
        }
    }

    /** A certificate chain, the server's own certificate first, and the private key of that certificate. */
    public record Identity(List<X509Certificate> chain, PrivateKey key) {
        public Identity {
            chain = List.copyOf(chain);
        }

        public X509Certificate leaf() {
            return chain.get(0);
        }

        /** For logs: whose certificate it is, its serial number and until when it is valid. */
        public String describe() {
            X509Certificate leaf = leaf();
            return "subject " + leaf.getSubjectX500Principal().getName() + ", serial "
                    + leaf.getSerialNumber().toString(16) + ", valid until " + leaf.getNotAfter().toInstant()
                    + (chain.size() > 1 ? ", with " + (chain.size() - 1) + " chain certificate(s)" : "");
        }

        public boolean expiredAt(Instant now) {
            return leaf().getNotAfter().toInstant().isBefore(now);
        }

        /**
         * An in-memory key store holding the key and its chain, under a password made up here: the store never
         * leaves this process, which holds the key in clear anyway.
         */
        public KeyStoreWithPassword keyStore() {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = Base64.getEncoder().encodeToString(random);
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("roster", key, password.toCharArray(), chain.toArray(new X509Certificate[0]));
                return new KeyStoreWithPassword(store, password);
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build the in-memory TLS key store: " + e.getMessage(), e);
            }
        }
    }

    /** A key store and the password of its key entry. */
    public record KeyStoreWithPassword(KeyStore store, String password) {}

    /** Reads and checks both files: the key must be the private key of the first certificate. */
    public static Identity read(Path certFile, Path keyFile) throws PemException {
        List<X509Certificate> chain = certificates(certFile);
        PrivateKey key = privateKey(keyFile, certFile, chain.get(0).getPublicKey());
        return new Identity(chain, key);
    }

    /** The certificates of a PEM file, in file order; at least one. */
    static List<X509Certificate> certificates(Path file) throws PemException {
        List<Block> blocks = blocks(file, CERT_FILE);
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JVM has no X.509 support", e);
        }
        for (Block block : blocks) {
            if (!block.label().equals("CERTIFICATE")) {
                continue;
            }
            int number = chain.size() + 1;
            try {
                byte[] der = block.decode(file, CERT_FILE);
                chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException e) {
                throw new PemException(CERT_FILE + file + ": certificate " + number + " cannot be read ("
                        + e.getMessage() + ")");
            }
        }
        if (chain.isEmpty()) {
            throw new PemException(CERT_FILE + file + " holds no certificate: expected a PEM block"
                    + " -----BEGIN CERTIFICATE----- (the server's certificate first, then its chain)");
        }
        return chain;
    }

    private static PrivateKey privateKey(Path file, Path certFile, PublicKey certified) throws PemException {
        List<Block> keys = blocks(file, KEY_FILE).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.isEmpty()) {
            throw new PemException(KEY_FILE + file + " holds no private key: expected a PEM block"
                    + " -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN RSA PRIVATE KEY----- (PKCS#1)");
        }
        if (keys.size() > 1) {
            throw new PemException(KEY_FILE + file + " holds " + keys.size() + " private keys; keep only the one"
                    + " of the certificate");
        }
        Block block = keys.get(0);
        byte[] pkcs8 = switch (block.label()) {
            case "PRIVATE KEY" -> block.decode(file, KEY_FILE);
            case "RSA PRIVATE KEY" -> {
                if (block.headers().toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
                    throw encrypted(file);
                }
                yield rsaPkcs1ToPkcs8(block.decode(file, KEY_FILE));
            }
            case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
            case "EC PRIVATE KEY" -> throw new PemException(KEY_FILE + file + " holds an EC key in the SEC1 form"
                    + " (-----BEGIN EC PRIVATE KEY-----), which Java does not read; convert it to PKCS#8 with"
                    + " 'openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem' and use key.pem");
            default -> throw new PemException(KEY_FILE + file + " holds a key of the form -----BEGIN "
                    + block.label() + "-----, which Roster does not read; it reads PKCS#8 (-----BEGIN PRIVATE"
                    + " KEY-----) and PKCS#1 RSA (-----BEGIN RSA PRIVATE KEY-----): convert it with"
                    + " 'openssl pkey -in " + file + " -out key.pem'");
        };
        PrivateKey key = decodeKey(pkcs8, certified.getAlgorithm(), file);
        if (!family(key.getAlgorithm()).equals(family(certified.getAlgorithm()))) {
            throw mismatch(file, certFile, "the key is " + family(key.getAlgorithm()) + ", the certificate's is "
                    + family(certified.getAlgorithm()));
        }
        if (!matches(key, certified)) {
            throw mismatch(file, certFile, "they are different " + family(key.getAlgorithm()) + " keys");
        }
        return key;
    }

    private static PemException encrypted(Path file) {
        return new PemException(KEY_FILE + file + " holds an encrypted private key; Roster reads unencrypted keys"
                + " only (keep the file readable by Roster's user alone): decrypt it with 'openssl pkey -in " + file
                + " -out key.pem' and use key.pem");
    }

    private static PemException mismatch(Path keyFile, Path certFile, String why) {
        return new PemException(KEY_FILE + keyFile + " does not match the certificate in " + certFile + " (" + why
                + "); the certificate file must start with the server's own certificate, then its chain");
    }

    /** Tries the certificate's algorithm first, then the others, so that a key of another type is named as such. */
    private static PrivateKey decodeKey(byte[] pkcs8, String certifiedAlgorithm, Path file) throws PemException {
        Set<String> algorithms = new LinkedHashSet<>();
        algorithms.add(certifiedAlgorithm);
        algorithms.addAll(KEY_ALGORITHMS);
        String firstFailure = null;
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                if (firstFailure == null) {
                    firstFailure = e.getMessage();
                }
            }
        }
        throw new PemException(KEY_FILE + file + ": the private key cannot be decoded as an RSA, EC or EdDSA key ("
                + firstFailure + ")");
    }

    private static String family(String algorithm) {
        return switch (algorithm) {
            case "RSASSA-PSS" -> "RSA";
            case "Ed25519", "Ed448" -> "EdDSA";
            default -> algorithm;
        };
    }

    /** RSA keys share their modulus; for other keys, a signature made with the key must verify with the certificate. */
    private static boolean matches(PrivateKey key, PublicKey certified) {
        if (key instanceof RSAKey rsa && certified instanceof RSAKey rsaCertified) {
            return rsa.getModulus().equals(rsaCertified.getModulus());
        }
        String algorithm = switch (family(key.getAlgorithm())) {
            case "EC" -> "SHA256withECDSA";
            case "EdDSA" -> "EdDSA";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * PKCS#8 around a PKCS#1 RSA key: SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 }.
     */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(PKCS8_RSA_PREFIX);
        content.writeBytes(der(0x04, pkcs1));
        return der(0x30, content.toByteArray());
    }

    /** A DER element: tag, definite length (short form below 128, else long form), content. */
    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            byte[] length = BigInteger.valueOf(content.length).toByteArray();
            int skip = length[0] == 0 ? 1 : 0; // toByteArray adds a sign byte when the top bit is set
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** One PEM block: its label, its RFC 1421 header lines (such as {@code Proc-Type}) and its base64 text. */
    private record Block(String label, String headers, String base64) {
        byte[] decode(Path file, String what) throws PemException {
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new PemException(what + file + ": the block -----BEGIN " + label + "----- is not valid base64");
            }
        }
    }

    private static List<Block> blocks(Path file, String what) throws PemException {
        String text = readText(file, what);
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                return blocks;
            }
            int labelStart = begin + "-----BEGIN ".length();
            int labelEnd = text.indexOf("-----", labelStart);
            int lineEnd = text.indexOf('\n', labelStart);
            if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd)) {
                throw new PemException(what + file + " has a malformed -----BEGIN line");
            }
            String label = text.substring(labelStart, labelEnd);
            String endLine = "-----END " + label + "-----";
            int end = text.indexOf(endLine, labelEnd);
            if (end < 0) {
                throw new PemException(what + file + " ends inside the block -----BEGIN " + label
                        + "----- (no " + endLine + " line): is the file incomplete?");
            }
            StringBuilder headers = new StringBuilder();
            StringBuilder base64 = new StringBuilder();
            for (String line : text.substring(labelEnd + 5, end).split("\r?\n|\r")) {
                if (line.contains(":")) {
                    headers.append(line).append('\n');
                } else {
                    base64.append(line.strip());
                }
            }
            blocks.add(new Block(label, headers.toString(), base64.toString()));
            at = end + endLine.length();
        }
    }

    private static String readText(Path file, String what) throws PemException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new PemException(what + file + " is larger than 1 MiB: is it a PEM file?");
            }
            // ISO-8859-1 maps every byte, so comments in other encodings cannot fail the read.
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new PemException(what + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new PemException(what + file + " cannot be read: permission denied");
        } catch (PemException e) {
            throw e;
        } catch (IOException e) {
            throw new PemException(what + file + " cannot be read: " + e.getMessage());
        }
    }
}
