package dev.roster.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** An access key id and its secret, in clear. {@link #toString()} never shows the secret. */
public record Credentials(String accessKeyId, String secretAccessKey) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder TEXT = Base64.getUrlEncoder().withoutPadding();

    public Credentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || !accessKeyId.matches("[A-Za-z0-9_\\-.]{1,128}")) {
            throw new IllegalArgumentException(
                    "an access key id is 1 to 128 letters, digits, '-', '_' or '.'");
        }
        if (secretAccessKey.length() < 8) {
            throw new IllegalArgumentException("a secret access key has at least 8 characters");
        }
    }

    /** A fresh pair in Volcengine's style: {@code AKLT} and 144 random bits; a 240-bit secret. */
    public static Credentials generate() {
        return new Credentials("AKLT" + random(18), random(30));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return TEXT.encodeToString(b);
    }

    @Override
    public String toString() {
        return "Credentials[" + accessKeyId + ", secret hidden]";
    }
}
