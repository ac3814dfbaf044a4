package dev.roster.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LimitsTest {
    @Test
    void defaults_are_those_of_the_decisions() {
        assertThat(Limits.DEFAULTS.asMap()).containsExactly(
                Map.entry("register-users", 20), Map.entry("update-users", 10), Map.entry("unregister-users", 10),
                Map.entry("get-users", 50), Map.entry("tag-users", 50), Map.entry("nick-name-chars", 100),
                Map.entry("portrait-chars", 500), Map.entry("tags-per-user", 100), Map.entry("tag-chars", 128),
                Map.entry("ext-keys", 20), Map.entry("ext-key-bytes", 50), Map.entry("ext-value-bytes", 500),
                Map.entry("broadcast-content-bytes", 65536));
    }

    @Test
    void a_limit_is_replaced_by_name() {
        Limits limits = Limits.DEFAULTS.with(Map.of("update-users", 3, "ext-keys", 5));
        assertThat(limits.updateUsers()).isEqualTo(3);
        assertThat(limits.extKeys()).isEqualTo(5);
        assertThat(limits.registerUsers()).isEqualTo(20);
    }

    @Test
    void an_unknown_name_or_a_value_below_one_is_refused() {
        assertThatThrownBy(() -> Limits.DEFAULTS.with(Map.of("users", 3)))
                .hasMessageStartingWith("unknown limit 'users'; known limits: register-users, update-users");
        assertThatThrownBy(() -> Limits.DEFAULTS.with(Map.of("ext-keys", 0)))
                .hasMessage("limit ext-keys must be at least 1, got 0");
    }
}
