package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMixTest {

    @Test
    void update_90_get_10_is_nine_updates_and_one_get_in_every_ten() {
        List<BenchAction> sequence = Mix.parse("update=90,get=10").sequence();
        assertThat(sequence).hasSize(10);
        assertThat(Collections.frequency(sequence, BenchAction.GET)).isEqualTo(1);
    }

    @Test
    void kinds_are_interleaved_not_bunched() {
        assertThat(Mix.parse("update=2,get=2,noop=1").sequence())
                .containsExactly(BenchAction.UPDATE, BenchAction.GET, BenchAction.NOOP, BenchAction.UPDATE,
                        BenchAction.GET);
        assertThat(Mix.parse("update=1,get=3").sequence())
                .containsExactly(BenchAction.GET, BenchAction.UPDATE, BenchAction.GET, BenchAction.GET);
    }

    @Test
    void a_kind_with_weight_zero_is_never_sent() {
        Mix mix = Mix.parse("update=5,get=0");
        assertThat(mix.actions()).containsExactly(BenchAction.UPDATE);
        assertThat(mix.sequence()).containsExactly(BenchAction.UPDATE);
        assertThat(mix).hasToString("update=5");
    }

    @Test
    void malformed_mixes_are_refused_with_a_message_that_says_why() {
        assertThatThrownBy(() -> Mix.parse("register=1")).hasMessageContaining("unknown request kind 'register'");
        assertThatThrownBy(() -> Mix.parse("update")).hasMessageContaining("must look like update=90,get=10");
        assertThatThrownBy(() -> Mix.parse("update=x")).hasMessageContaining("whole numbers");
        assertThatThrownBy(() -> Mix.parse("update=1,update=2")).hasMessageContaining("names update twice");
        assertThatThrownBy(() -> Mix.parse("update=0")).hasMessageContaining("at least one kind");
    }
}
