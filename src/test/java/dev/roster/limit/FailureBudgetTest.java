package dev.roster.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ManualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The failed-authentication budget per client address, on a clock the test moves by hand. */
class FailureBudgetTest {
    private final ManualTime time = new ManualTime();
    private final FailureBudget budget = new FailureBudget(20, time);

    @Test
    void twenty_failures_a_second_are_allowed_and_the_twenty_first_exhausts_the_address_only() {
        for (int i = 0; i < 19; i++) {
            budget.spend("192.0.2.1");
        }
        assertThat(budget.exhausted("192.0.2.1")).isFalse();
        budget.spend("192.0.2.1");
        assertThat(budget.exhausted("192.0.2.1")).isTrue();
        assertThat(budget.exhausted("192.0.2.2")).isFalse();
    }

    @Test
    void the_budget_refills_with_time() {
        for (int i = 0; i < 25; i++) {
            budget.spend("192.0.2.1");
        }
        assertThat(budget.exhausted("192.0.2.1")).isTrue();
        time.advance(Duration.ofMillis(50));
        assertThat(budget.exhausted("192.0.2.1")).as("one failure's worth back after 1/20 s").isFalse();
        budget.spend("192.0.2.1");
        assertThat(budget.exhausted("192.0.2.1")).isTrue();
    }

    @Test
    void an_address_that_never_failed_is_never_exhausted_and_zero_turns_the_budget_off() {
        assertThat(budget.exhausted("192.0.2.9")).isFalse();
        FailureBudget off = new FailureBudget(0, time);
        for (int i = 0; i < 1000; i++) {
            off.spend("192.0.2.1");
        }
        assertThat(off.exhausted("192.0.2.1")).isFalse();
    }
}
