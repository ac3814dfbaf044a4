package dev.roster.auth;

import dev.roster.store.AccessKey;
import dev.roster.store.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Access keys as the rest of Roster sees them: created with fresh random credentials, stored with
 * their secret sealed by the {@link SecretCipher}, looked up in clear for signature checks. A root key
 * from the environment is held in memory only and may use every AppId.
 */
public final class KeyRing implements KeyLookup {
    private final KeyStore store;
    private final SecretCipher cipher;
    private final Clock clock;
    private final Credentials configuredRoot;

    /** {@code configuredRoot} may be null. */
    public KeyRing(KeyStore store, SecretCipher cipher, Clock clock, Credentials configuredRoot) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.configuredRoot = configuredRoot;
    }

    /** A key usable for signature checks: its secret in clear and what it may do. */
    public record Usable(String accessKeyId, String secret, AppScope scope, boolean enabled) {
        @Override
        public String toString() {
            return "Usable[" + accessKeyId + ", scope=" + scope + ", enabled=" + enabled + "]";
        }
    }

    @Override
    public Optional<Usable> find(String accessKeyId) {
        if (configuredRoot != null && configuredRoot.accessKeyId().equals(accessKeyId)) {
            return Optional.of(new Usable(accessKeyId, configuredRoot.secretAccessKey(), AppScope.ALL, true));
        }
        return store.find(accessKeyId).map(key -> new Usable(key.accessKeyId(),
                cipher.open(key.accessKeyId(), key.secret()),
                key.allApps() ? AppScope.ALL : AppScope.of(key.apps()), key.enabled()));
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
