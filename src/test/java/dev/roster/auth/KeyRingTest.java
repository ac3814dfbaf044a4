package dev.roster.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.roster.store.AccessKey;
import dev.roster.testing.LogCapture;
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
        assertThat(ring(SecretCipher.sealed(MASTER + "x"), null).find(key.accessKeyId())).isEmpty();
        assertThat(ring(SecretCipher.plain(), null).find(key.accessKeyId())).isEmpty();
        assertThatThrownBy(() -> SecretCipher.sealed(MASTER + "x").open(key.accessKeyId(), stored))
                .isInstanceOf(SecretCipher.CannotOpen.class)
                .hasMessageContaining("ROSTER_MASTER_KEY does not open the secret");
        assertThatThrownBy(() -> SecretCipher.plain().open(key.accessKeyId(), stored))
                .isInstanceOf(SecretCipher.CannotOpen.class)
                .hasMessageContaining("set ROSTER_MASTER_KEY");
    }

    @Test
    void a_secret_that_cannot_be_opened_at_request_time_is_no_usable_key_and_is_warned_about_once_per_key() {
        Credentials a = ring(SecretCipher.sealed(MASTER), null).create(null);
        Credentials b = ring(SecretCipher.sealed(MASTER), null).create(Set.of(3));
        KeyRing wrongMaster = ring(SecretCipher.sealed(MASTER + "x"), null);
        try (LogCapture log = LogCapture.of(KeyRing.class)) {
            for (int request = 0; request < 100; request++) {
                assertThat(wrongMaster.find(a.accessKeyId())).isEmpty();
                assertThat(wrongMaster.find(b.accessKeyId())).isEmpty();
            }
            assertThat(log.events()).hasSize(2).allSatisfy(event -> {
                assertThat(event.getLevel()).isEqualTo(Level.WARN);
                assertThat(event.getThrowableProxy()).as("no stack trace").isNull();
            });
            assertThat(log.messages().get(0)).contains(a.accessKeyId(), "InvalidAccessKey",
                    "ROSTER_MASTER_KEY does not open");
            assertThat(log.messages().get(1)).contains(b.accessKeyId());
            String stored = store.find(a.accessKeyId()).orElseThrow().secret();
            assertThat(String.join("\n", log.messages())).doesNotContain(a.secretAccessKey(), b.secretAccessKey(),
                    stored.substring("aes-gcm:".length()), MASTER);
        }
    }

    @Test
    void the_memory_of_keys_warned_about_is_bounded() {
        KeyRing sealing = ring(SecretCipher.sealed(MASTER), null);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i <= KeyRing.MAX_WARNED_KEYS; i++) {
            ids.add(sealing.create(null).accessKeyId());
        }
        KeyRing plain = ring(SecretCipher.plain(), null);
        try (LogCapture log = LogCapture.of(KeyRing.class)) {
            ids.forEach(plain::find);
            assertThat(log.events()).hasSize(KeyRing.MAX_WARNED_KEYS + 1);
            plain.find(ids.get(ids.size() - 1));
            assertThat(log.events()).as("still remembered").hasSize(KeyRing.MAX_WARNED_KEYS + 1);
            plain.find(ids.get(0));
            assertThat(log.events()).as("forgotten, so warned about again").hasSize(KeyRing.MAX_WARNED_KEYS + 2);
        }
    }

    @Test
    void an_empty_store_takes_either_form() {
        ring(SecretCipher.plain(), null).requireOneForm();
        ring(SecretCipher.sealed(MASTER), null).requireOneForm();
    }

    @Test
    void a_sealed_store_accepts_a_new_secret_only_from_the_master_key_that_opens_every_stored_one() {
        ring(SecretCipher.sealed(MASTER), null).create(null);
        ring(SecretCipher.sealed(MASTER), null).requireOneForm();
        assertThatThrownBy(() -> ring(SecretCipher.plain(), null).requireOneForm())
                .isInstanceOf(KeyRing.MixedFormException.class).hasMessageContaining("set ROSTER_MASTER_KEY");
        assertThatThrownBy(() -> ring(SecretCipher.sealed(MASTER + "x"), null).requireOneForm())
                .isInstanceOf(KeyRing.MixedFormException.class)
                .hasMessageContaining("ROSTER_MASTER_KEY does not open the secret");
    }

    @Test
    void a_clear_store_refuses_a_master_key_until_serve_has_sealed_it() {
        ring(SecretCipher.plain(), null).create(null);
        ring(SecretCipher.plain(), null).requireOneForm();
        assertThatThrownBy(() -> ring(SecretCipher.sealed(MASTER), null).requireOneForm())
                .isInstanceOf(KeyRing.MixedFormException.class)
                .hasMessage("the stored secrets are in clear; start serve once with ROSTER_MASTER_KEY (it seals them"
                        + " all) or unset it");
        ring(SecretCipher.sealed(MASTER), null).reseal();
        ring(SecretCipher.sealed(MASTER), null).requireOneForm();
    }

    @Test
    void a_store_already_in_both_forms_is_refused_either_way() {
        ring(SecretCipher.plain(), null).create(null);
        ring(SecretCipher.sealed(MASTER), null).create(null);
        assertThatThrownBy(() -> ring(SecretCipher.plain(), null).requireOneForm())
                .isInstanceOf(KeyRing.MixedFormException.class);
        assertThatThrownBy(() -> ring(SecretCipher.sealed(MASTER), null).requireOneForm())
                .isInstanceOf(KeyRing.MixedFormException.class);
    }

    @Test
    void a_sealed_secret_cannot_be_moved_to_another_key() {
        Credentials a = ring(SecretCipher.sealed(MASTER), null).create(null);
        Credentials b = ring(SecretCipher.sealed(MASTER), null).create(null);
        String moved = store.find(a.accessKeyId()).orElseThrow().secret();
        store.updateSecret(b.accessKeyId(), moved);
        assertThat(ring(SecretCipher.sealed(MASTER), null).find(b.accessKeyId())).isEmpty();
        assertThatThrownBy(() -> SecretCipher.sealed(MASTER).open(b.accessKeyId(), moved))
                .isInstanceOf(SecretCipher.CannotOpen.class);
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
