package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.testing.SelfSignedCertificate;
import dev.roster.testing.SelfSignedCertificate.KeyForm;
import dev.roster.testing.SelfSignedCertificate.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    private static SelfSignedCertificate rsa;
    private static SelfSignedCertificate ec;
    private static SelfSignedCertificate otherRsa;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() {
        rsa = SelfSignedCertificate.create(KeyType.RSA);
        ec = SelfSignedCertificate.create(KeyType.EC);
        otherRsa = SelfSignedCertificate.create(KeyType.RSA);
    }

    private Path cert(SelfSignedCertificate certificate) {
        return certificate.writeCertificate(dir.resolve("cert.pem"));
    }

    private Path key(SelfSignedCertificate certificate, KeyForm form) {
        return certificate.writeKey(dir.resolve("key.pem"), form);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void a_pkcs1_rsa_key_is_read_with_its_certificate() throws Exception {
        assertThat(key(rsa, KeyForm.TRADITIONAL)).content().startsWith("-----BEGIN RSA PRIVATE KEY-----");

        PemFiles.Identity identity = PemFiles.read(cert(rsa), dir.resolve("key.pem"));

        assertThat(identity.chain()).containsExactly(rsa.certificate());
        assertThat(identity.key().getEncoded()).isEqualTo(rsa.privateKey().getEncoded());
    }

    @Test
    void a_pkcs1_key_wrapped_by_hand_is_the_pkcs8_encoding_the_jdk_produces() {
        String pem = rsa.keyPem(KeyForm.TRADITIONAL);
        byte[] pkcs1 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));

        assertThat(PemFiles.rsaPkcs1ToPkcs8(pkcs1)).isEqualTo(rsa.privateKey().getEncoded());
    }

    @Test
    void a_pkcs8_rsa_key_is_read() throws Exception {
        assertThat(key(rsa, KeyForm.PKCS8)).content().startsWith("-----BEGIN PRIVATE KEY-----");

        PemFiles.Identity identity = PemFiles.read(cert(rsa), dir.resolve("key.pem"));

        assertThat(identity.key().getAlgorithm()).isEqualTo("RSA");
        assertThat(identity.key().getEncoded()).isEqualTo(rsa.privateKey().getEncoded());
    }

    @Test
    void a_pkcs8_ec_key_is_read() throws Exception {
        PemFiles.Identity identity = PemFiles.read(cert(ec), key(ec, KeyForm.PKCS8));

        assertThat(identity.key().getAlgorithm()).isEqualTo("EC");
        assertThat(identity.chain()).containsExactly(ec.certificate());
    }

    @Test
    void a_pkcs8_ed25519_key_is_read() throws Exception {
        SelfSignedCertificate ed25519 = SelfSignedCertificate.create(KeyType.Ed25519);

        PemFiles.Identity identity = PemFiles.read(cert(ed25519), key(ed25519, KeyForm.PKCS8));

        assertThat(identity.key().getAlgorithm()).isEqualTo("EdDSA");
        assertThatThrownBy(() -> PemFiles.read(cert(ed25519),
                key(SelfSignedCertificate.create(KeyType.Ed25519), KeyForm.PKCS8)))
                .hasMessageContaining("(they are different EdDSA keys)");
    }

    @Test
    void a_chain_is_read_leaf_first_and_goes_into_the_key_store_whole() throws Exception {
        SelfSignedCertificate authority = SelfSignedCertificate.authority(KeyType.RSA);
        SelfSignedCertificate server = authority.issue(KeyType.EC);

        PemFiles.Identity identity = PemFiles.read(cert(server), key(server, KeyForm.PKCS8));

        assertThat(identity.chain()).containsExactly(server.certificate(), authority.certificate());
        assertThat(identity.describe()).contains("CN=localhost", "with 1 chain certificate(s)");
        PemFiles.KeyStoreWithPassword keyStore = identity.keyStore();
        KeyStore store = keyStore.store();
        String alias = store.aliases().nextElement();
        assertThat(store.getCertificateChain(alias)).containsExactly(server.certificate(), authority.certificate());
        assertThat(store.getKey(alias, keyStore.password().toCharArray()).getEncoded())
                .isEqualTo(server.privateKey().getEncoded());
    }

    @Test
    void one_file_may_hold_both_the_key_and_the_certificate() throws Exception {
        Path both = file("both.pem", rsa.keyPem(KeyForm.PKCS8) + rsa.certificatePem());

        assertThat(PemFiles.read(both, both).chain()).containsExactly(rsa.certificate());
    }

    @Test
    void a_missing_file_is_named() throws Exception {
        Path key = key(rsa, KeyForm.PKCS8);
        assertThatThrownBy(() -> PemFiles.read(dir.resolve("nope.pem"), key))
                .isInstanceOf(PemFiles.PemException.class)
                .hasMessage("TLS certificate file " + dir.resolve("nope.pem") + " does not exist");
        Path cert = cert(rsa);
        assertThatThrownBy(() -> PemFiles.read(cert, dir.resolve("gone.pem")))
                .hasMessage("TLS key file " + dir.resolve("gone.pem") + " does not exist");
    }

    @Test
    void an_unreadable_file_is_named() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        assertThatThrownBy(() -> PemFiles.read(directory, key(rsa, KeyForm.PKCS8)))
                .hasMessageStartingWith("TLS certificate file " + directory + " cannot be read: ");
    }

    @Test
    void a_certificate_file_without_a_certificate_is_refused() throws Exception {
        Path notACert = file("cert.pem", rsa.keyPem(KeyForm.PKCS8));

        assertThatThrownBy(() -> PemFiles.read(notACert, key(rsa, KeyForm.PKCS8)))
                .hasMessage("TLS certificate file " + notACert + " holds no certificate: expected a PEM block"
                        + " -----BEGIN CERTIFICATE----- (the server's certificate first, then its chain)");
    }

    @Test
    void a_key_file_without_a_key_is_refused() throws Exception {
        Path cert = cert(rsa);
        Path noKey = file("key.pem", rsa.certificatePem());

        assertThatThrownBy(() -> PemFiles.read(cert, noKey))
                .hasMessage("TLS key file " + noKey + " holds no private key: expected a PEM block"
                        + " -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN RSA PRIVATE KEY----- (PKCS#1)");
    }

    @Test
    void an_encrypted_pkcs8_key_is_refused_with_how_to_decrypt_it() throws Exception {
        Path cert = cert(rsa);
        Path key = key(rsa, KeyForm.ENCRYPTED_PKCS8);
        assertThat(key).content().startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");

        assertThatThrownBy(() -> PemFiles.read(cert, key))
                .hasMessage("TLS key file " + key + " holds an encrypted private key; Roster reads unencrypted keys"
                        + " only (keep the file readable by Roster's user alone): decrypt it with 'openssl pkey -in "
                        + key + " -out key.pem' and use key.pem");
    }

    @Test
    void a_pkcs1_key_encrypted_the_old_openssl_way_is_refused_as_encrypted() throws Exception {
        Path cert = cert(rsa);
        Path key = key(rsa, KeyForm.ENCRYPTED_TRADITIONAL);
        assertThat(key).content().contains("Proc-Type: 4,ENCRYPTED");

        assertThatThrownBy(() -> PemFiles.read(cert, key)).hasMessageContaining("holds an encrypted private key");
    }

    @Test
    void an_ec_key_in_sec1_form_is_refused_with_the_command_that_converts_it() throws Exception {
        Path cert = cert(ec);
        Path key = key(ec, KeyForm.TRADITIONAL);
        assertThat(key).content().startsWith("-----BEGIN EC PRIVATE KEY-----");

        assertThatThrownBy(() -> PemFiles.read(cert, key))
                .hasMessage("TLS key file " + key + " holds an EC key in the SEC1 form (-----BEGIN EC PRIVATE KEY-----),"
                        + " which Java does not read; convert it to PKCS#8 with 'openssl pkcs8 -topk8 -nocrypt -in "
                        + key + " -out key.pem' and use key.pem");
    }

    @Test
    void a_key_of_another_certificate_is_refused() throws Exception {
        Path cert = cert(rsa);
        Path key = key(otherRsa, KeyForm.PKCS8);

        assertThatThrownBy(() -> PemFiles.read(cert, key))
                .hasMessage("TLS key file " + key + " does not match the certificate in " + cert + " (they are different"
                        + " RSA keys); the certificate file must start with the server's own certificate, then its"
                        + " chain");
    }

    @Test
    void a_key_of_another_type_than_the_certificate_is_refused() throws Exception {
        Path cert = cert(rsa);
        Path key = key(ec, KeyForm.PKCS8);

        assertThatThrownBy(() -> PemFiles.read(cert, key))
                .hasMessageContaining("does not match the certificate in " + cert + " (the key is EC, the"
                        + " certificate's is RSA)");
    }

    @Test
    void an_ec_key_of_another_certificate_is_refused() throws Exception {
        Path cert = cert(ec);
        Path key = key(SelfSignedCertificate.create(KeyType.EC), KeyForm.PKCS8);

        assertThatThrownBy(() -> PemFiles.read(cert, key)).hasMessageContaining("(they are different EC keys)");
    }

    @Test
    void a_chain_in_the_wrong_order_is_refused_because_the_key_is_not_the_first_certificates() throws Exception {
        SelfSignedCertificate authority = SelfSignedCertificate.authority(KeyType.RSA);
        SelfSignedCertificate server = authority.issue(KeyType.RSA);
        Path cert = file("cert.pem", authority.certificatePem() + server.certificatePem());

        assertThatThrownBy(() -> PemFiles.read(cert, key(server, KeyForm.PKCS8)))
                .hasMessageContaining("does not match the certificate");
    }

    @Test
    void a_half_written_file_is_refused_without_quoting_it() throws Exception {
        String pem = rsa.keyPem(KeyForm.PKCS8);
        Path cert = cert(rsa);
        Path half = file("key.pem", pem.substring(0, pem.length() / 2));

        assertThatThrownBy(() -> PemFiles.read(cert, half))
                .hasMessage("TLS key file " + half + " ends inside the block -----BEGIN PRIVATE KEY----- (no -----END"
                        + " PRIVATE KEY----- line): is the file incomplete?")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(pem.split("\n")[1]));
    }

    @Test
    void a_block_that_is_not_base64_is_refused() throws Exception {
        Path cert = file("cert.pem", "-----BEGIN CERTIFICATE-----\nnot*base64!\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.read(cert, key(rsa, KeyForm.PKCS8)))
                .hasMessage("TLS certificate file " + cert + ": the block -----BEGIN CERTIFICATE----- is not valid base64");
    }

    @Test
    void a_certificate_that_does_not_parse_is_named_by_its_position() throws Exception {
        String garbage = Base64.getEncoder().encodeToString("not a certificate".getBytes());
        Path cert = file("cert.pem", rsa.certificatePem()
                + "-----BEGIN CERTIFICATE-----\n" + garbage + "\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.read(cert, key(rsa, KeyForm.PKCS8)))
                .hasMessageStartingWith("TLS certificate file " + cert + ": certificate 2 cannot be read");
    }
}
