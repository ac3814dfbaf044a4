package dev.roster.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret keys before they are stored. Without a master key secrets are stored as
 * {@code plain:<secret>}; with one, as {@code aes-gcm:<base64 of nonce and ciphertext>}, AES-256-GCM
 * under SHA-256 of the master key, with the access key id as associated data so that a sealed secret
 * cannot be moved to another key.
 */
public final class SecretCipher {
    public static final int MIN_MASTER_KEY_CHARS = 32;
    private static final String PLAIN = "plain:";
    private static final String SEALED = "aes-gcm:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(SecretKeySpec key) {
        this.key = key;
    }

    /** Stores secrets in clear (the data directory is owner-only). */
    public static SecretCipher plain() {
        return new SecretCipher(null);
    }

    /** Seals secrets with a key derived from {@code masterKey}, which must be long and random. */
    public static SecretCipher sealed(String masterKey) {
        if (masterKey.length() < MIN_MASTER_KEY_CHARS) {
            throw new IllegalArgumentException("ROSTER_MASTER_KEY must have at least " + MIN_MASTER_KEY_CHARS
                    + " characters; generate one with: openssl rand -base64 32");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(masterKey.getBytes(StandardCharsets.UTF_8));
            return new SecretCipher(new SecretKeySpec(digest, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public boolean seals() {
        return key != null;
    }

    /** A stored secret that this cipher cannot open; the message names the key, never secret material. */
    public static final class CannotOpen extends IllegalStateException {
        CannotOpen(String message) {
            super(message);
        }
    }

    /** True when {@code stored} is in the form this cipher writes. */
    public boolean isCurrentForm(String stored) {
        return stored.startsWith(seals() ? SEALED : PLAIN);
    }

    public String seal(String accessKeyId, String secret) {
        if (key == null) {
            return PLAIN + secret;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, accessKeyId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return SEALED + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The secret in clear; throws {@link CannotOpen} if it cannot be opened with this cipher. */
    public String open(String accessKeyId, String stored) {
        if (stored.startsWith(PLAIN)) {
            return stored.substring(PLAIN.length());
        }
        if (!stored.startsWith(SEALED)) {
            throw new CannotOpen("the secret of " + accessKeyId + " is stored in an unknown form");
        }
        if (key == null) {
            throw new CannotOpen("the secret of " + accessKeyId
                    + " is sealed with a master key; set ROSTER_MASTER_KEY to the key it was sealed with");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(SEALED.length()));
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, accessKeyId);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CannotOpen("ROSTER_MASTER_KEY does not open the secret of " + accessKeyId
                    + "; it is not the key the secrets were sealed with");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String accessKeyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
