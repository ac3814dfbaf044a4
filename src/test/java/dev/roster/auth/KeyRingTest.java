package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.store.AccessKey;
import dev.roster.testing.MemoryKeyStore;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private static final String MASTER = "0123456789abcdef0123456789abcdef-master";
    private final MemoryKeyStore store = new MemoryKeyStore();

    private KeyRing ring(SecretCipher cipher, Credentials root) {
        return new KeyRing(store, cipher, Clock.systemUTC(), root);
    }

    @Test
    void a_created_key_is_found_with_its_secret_and_scope() {
        Credentials key = ring(SecretCipher.plain(), null).create(Set.of(1, 2));
        assertThat(key.accessKeyId()).startsWith("AKLT").hasSize(28);
        assertThat(key.secretAccessKey()).hasSize(40);
        KeyRing.Usable found = ring(SecretCipher.plain(), null).find(key.accessKeyId()).orElseThrow();
        assertThat(found.secret()).isEqualTo(key.secretAccessKey());
        assertThat(found.scope()).isEqualTo(AppScope.of(Set.of(1, 2)));
        assertThat(found.enabled()).isTrue();
    }

    @Test
    void with_a_master_key_the_stored_secret_is_sealed_and_opens_only_with_that_key() {
        Credentials key = ring(SecretCipher.sealed(MASTER), null).create(null);
        String stored = store.find(key.accessKeyId()).orElseThrow().secret();
        assertThat(stored).startsWith("aes-gcm:").doesNotContain(key.secretAccessKey());
        assertThat(ring(SecretCipher.sealed(MASTER), null).find(key.accessKeyId()).orElseThrow().secret())
                .isEqualTo(key.secretAccessKey());
        assertThatThrownBy(() -> ring(SecretCipher.sealed(MASTER + "x"), null).find(key.accessKeyId()))
                .hasMessageContaining("ROSTER_MASTER_KEY does not open the secret");
        assertThatThrownBy(() -> ring(SecretCipher.plain(), null).find(key.accessKeyId()))
                .hasMessageContaining("set ROSTER_MASTER_KEY");
    }

    @Test
    void a_sealed_secret_cannot_be_moved_to_another_key() {
        Credentials a = ring(SecretCipher.sealed(MASTER), null).create(null);
        Credentials b = ring(SecretCipher.sealed(MASTER), null).create(null);
        store.updateSecret(b.accessKeyId(), store.find(a.accessKeyId()).orElseThrow().secret());
        assertThatThrownBy(() -> ring(SecretCipher.sealed(MASTER), null).find(b.accessKeyId()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reseal_brings_secrets_stored_in_clear_under_a_new_master_key_and_back() {
        Credentials key = ring(SecretCipher.plain(), null).create(null);
        assertThat(ring(SecretCipher.sealed(MASTER), null).reseal()).isEqualTo(1);
        assertThat(store.find(key.accessKeyId()).orElseThrow().secret()).startsWith("aes-gcm:");
        assertThat(ring(SecretCipher.sealed(MASTER), null).reseal()).isZero();
        assertThatThrownBy(() -> ring(SecretCipher.sealed(MASTER + "x"), null).reseal())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_weak_master_key_is_refused() {
        assertThatThrownBy(() -> SecretCipher.sealed("short"))
                .hasMessageContaining("at least 32 characters");
    }

    @Test
    void the_root_key_is_generated_once_on_an_empty_store_and_not_when_configured() {
        Credentials configured = new Credentials("AKLTroot", "root-secret-123");
        assertThat(ring(SecretCipher.plain(), configured).ensureRoot()).isEmpty();
        assertThat(ring(SecretCipher.plain(), configured).find("AKLTroot").orElseThrow().scope()).isEqualTo(AppScope.ALL);

        Credentials generated = ring(SecretCipher.plain(), null).ensureRoot().orElseThrow();
        AccessKey stored = store.find(generated.accessKeyId()).orElseThrow();
        assertThat(stored.root()).isTrue();
        assertThat(stored.allApps()).isTrue();
        assertThat(ring(SecretCipher.plain(), null).ensureRoot()).isEmpty();
    }

    @Test
    void secrets_never_show_in_to_string() {
        Credentials key = Credentials.generate();
        assertThat(key.toString()).doesNotContain(key.secretAccessKey());
        assertThat(new AccessKey("AK", "plain:" + key.secretAccessKey(), null, true, false, 0).toString())
                .doesNotContain(key.secretAccessKey());
        KeyRing.Usable usable = new KeyRing.Usable("AK", key.secretAccessKey(), AppScope.ALL, true);
        assertThat(usable.toString()).doesNotContain(key.secretAccessKey());
    }
}
