package dev.roster.cli;

import dev.roster.auth.Credentials;
import dev.roster.events.WebhookSecret;
import java.util.Map;

/**
 * The process environment: settings that are only ever read from it, because flags would show secrets in
 * {@code ps}, and the variables of the other settings ({@link OptionSources}).
 */
final class Environment {
    static final String ROOT_ACCESS_KEY = "ROSTER_ROOT_ACCESS_KEY";
    static final String ROOT_SECRET_KEY = "ROSTER_ROOT_SECRET_KEY";
    static final String MASTER_KEY = "ROSTER_MASTER_KEY";
    static final String DATABASE_PASSWORD = "ROSTER_DATABASE_PASSWORD";
    static final String WEBHOOK_SECRET = "ROSTER_WEBHOOK_SECRET";
    static final String CONFIG = "ROSTER_CONFIG";

    private final Map<String, String> env;

    Environment(Map<String, String> env) {
        this.env = env;
    }

    static Environment system() {
        return new Environment(System.getenv());
    }

    /** The root key, if both variables are set; one without the other is a mistake worth stopping for. */
    Credentials rootKey() {
        String ak = blankToNull(env.get(ROOT_ACCESS_KEY));
        String sk = blankToNull(env.get(ROOT_SECRET_KEY));
        if (ak == null && sk == null) {
            return null;
        }
        if (ak == null || sk == null) {
            throw new IllegalArgumentException(ROOT_ACCESS_KEY + " and " + ROOT_SECRET_KEY + " must be set together");
        }
        return new Credentials(ak, sk);
    }

    String masterKey() {
        return blankToNull(env.get(MASTER_KEY));
    }

    /** Any variable, as set (null when unset). */
    String get(String name) {
        return env.get(name);
    }

    /** The webhook signing secret ({@code whsec_…}), checked; null when unset. */
    WebhookSecret webhookSecret() {
        String secret = blankToNull(env.get(WEBHOOK_SECRET));
        try {
            return secret == null ? null : WebhookSecret.parse(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(WEBHOOK_SECRET + ": " + e.getMessage());
        }
    }

    String databasePassword() {
        return blankToNull(env.get(DATABASE_PASSWORD));
    }

    /** Unset, empty and blank all mean "not given". */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
