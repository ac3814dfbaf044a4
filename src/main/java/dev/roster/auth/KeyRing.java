package dev.roster.auth;

import dev.roster.store.AccessKey;
import dev.roster.store.KeyStore;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Access keys as the rest of Roster sees them: created with fresh random credentials, stored with
 * their secret sealed by the {@link SecretCipher}, looked up in clear for signature checks. A root key
 * from the environment is held in memory only and may use every AppId.
 */
public final class KeyRing implements KeyLookup {
    /** How many key ids are remembered as warned about; past this, the least recently refused may be warned again. */
    static final int MAX_WARNED_KEYS = 1_000;
    /** A root secret from the environment shorter than this gets a warning at start (the generated ones have 40). */
    public static final int MIN_ROOT_SECRET_CHARS = 32;
    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);

    private final KeyStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Credentials configuredRoot;
    private final Set<String> warned = Collections.newSetFromMap(Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_WARNED_KEYS;
                }
            }));

    /** {@code configuredRoot} may be null. */
    public KeyRing(KeyStore store, SecretCipher cipher, Clock clock, Credentials configuredRoot) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.configuredRoot = configuredRoot;
    }

    /** A key usable for signature checks: its secret in clear and what it may do ({@code root}: Roster's root key). */
    public record Usable(String accessKeyId, String secret, AppScope scope, boolean enabled, boolean root) {
        public Usable(String accessKeyId, String secret, AppScope scope, boolean enabled) {
            this(accessKeyId, secret, scope, enabled, false);
        }

        @Override
        public String toString() {
            return "Usable[" + accessKeyId + ", scope=" + scope + ", enabled=" + enabled + "]";
        }
    }

    /**
     * The key with its secret in clear; empty if there is no such key or its secret cannot be opened with
     * this ring's master key (sealed under another one, say, by another node). The latter is logged once
     * per key, not once per request, and without a stack trace: the answer is InvalidAccessKey either way.
     */
    @Override
    public Optional<Usable> find(String accessKeyId) {
        if (configuredRoot != null && configuredRoot.accessKeyId().equals(accessKeyId)) {
            return Optional.of(new Usable(accessKeyId, configuredRoot.secretAccessKey(), AppScope.ALL, true, true));
        }
        return store.find(accessKeyId).flatMap(this::usable);
    }

    private Optional<Usable> usable(AccessKey key) {
        String secret;
        try {
            secret = cipher.open(key.accessKeyId(), key.secret());
        } catch (SecretCipher.CannotOpen e) {
            if (warned.add(key.accessKeyId())) {
                LOG.warn("access key {} is refused (InvalidAccessKey): {}. Logged once per key.", key.accessKeyId(),
                        e.getMessage());
            }
            return Optional.empty();
        }
        return Optional.of(new Usable(key.accessKeyId(), secret, key.allApps() ? AppScope.ALL : AppScope.of(key.apps()),
                key.enabled(), key.root()));
    }

    /**
     * Refuses, before a secret is written by anything but the server's own start, unless every stored
     * secret is already in the form this ring writes and opens with its master key: so that the store
     * never holds secrets in clear beside sealed ones, nor secrets sealed under two master keys. An
     * empty store takes either form. The server's start brings everything to one form with {@link #reseal()}.
     */
    public void requireOneForm() {
        for (AccessKey key : store.list()) {
            try {
                cipher.open(key.accessKeyId(), key.secret());
            } catch (SecretCipher.CannotOpen e) {
                throw new MixedFormException(e.getMessage());
            }
            if (!cipher.isCurrentForm(key.secret())) {
                throw new MixedFormException("the stored secrets are in clear; start serve once with"
                        + " ROSTER_MASTER_KEY (it seals them all) or unset it");
            }
        }
    }

    /** Writing a secret now would leave the store with secrets in two forms; the message says what to do. */
    public static final class MixedFormException extends IllegalStateException {
        MixedFormException(String message) {
            super(message);
        }
    }

    /** Creates a key for {@code apps} ({@code null}: every AppId) and returns its credentials, shown only now. */
    public Credentials create(Set<Integer> apps) {
        return create(apps, false);
    }

    public List<AccessKey> list() {
        return store.list();
    }

    public boolean setEnabled(String accessKeyId, boolean enabled) {
        return store.setEnabled(accessKeyId, enabled);
    }

    public boolean delete(String accessKeyId) {
        return store.delete(accessKeyId);
    }

    /**
     * On a start with no root key configured and no key stored at all, creates the root key (every
     * AppId) and returns its credentials so they can be shown once.
     */
    public Optional<Credentials> ensureRoot() {
        if (configuredRoot != null || !store.list().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(create(null, true));
    }

    /**
     * Brings every stored secret to the cipher's form (sealing secrets stored in clear once a master
     * key is set, and the reverse), and fails fast if a secret cannot be opened. Returns how many changed.
     */
    public int reseal() {
        int changed = 0;
        for (AccessKey key : store.list()) {
            String secret = cipher.open(key.accessKeyId(), key.secret());
            if (!cipher.isCurrentForm(key.secret())) {
                store.updateSecret(key.accessKeyId(), cipher.seal(key.accessKeyId(), secret));
                changed++;
            }
        }
        return changed;
    }

    private Credentials create(Set<Integer> apps, boolean root) {
        while (true) {
            Credentials credentials = Credentials.generate();
            AccessKey key = new AccessKey(credentials.accessKeyId(),
                    cipher.seal(credentials.accessKeyId(), credentials.secretAccessKey()), apps, true, root,
                    clock.millis());
            if (store.create(key)) {
                return credentials;
            }
        }
    }
}
