package dev.roster.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signing secret of webhooks, as the Standard Webhooks specification writes it: {@code whsec_} and
 * the key in base64. Signs {@code <webhook-id>.<webhook-timestamp>.<body>} with HMAC-SHA256 into the
 * {@code webhook-signature} value {@code v1,<base64>}. {@link #toString()} hides the key.
 */
public final class WebhookSecret {
    private static final String PREFIX = "whsec_";
    /** The specification asks for 24 to 64 bytes. */
    private static final int MIN_BYTES = 24;

    private final SecretKeySpec key;

    private WebhookSecret(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Reads a {@code whsec_…} secret; refuses one that is not base64 or holds fewer than 24 bytes, without echoing it. */
    public static WebhookSecret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the webhook secret must start with " + PREFIX
                    + " followed by base64 (e.g. whsec_$(openssl rand -base64 32))");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook secret after " + PREFIX + " is not base64");
        }
        if (key.length < MIN_BYTES) {
            throw new IllegalArgumentException("the webhook secret must hold at least " + MIN_BYTES
                    + " bytes (32 characters of base64 after " + PREFIX + "), it holds " + key.length);
        }
        return new WebhookSecret(key);
    }

    /** The {@code webhook-signature} header value for one message, {@code body} in UTF-8. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return PREFIX + "(hidden)";
    }
}
