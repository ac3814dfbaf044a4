package dev.roster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import dev.roster.limit.LocalRateLimiter;
import dev.roster.limit.RateLimits;
import dev.roster.testing.LogCapture;
import dev.roster.testing.MemoryKeyStore;
import dev.roster.testing.MemoryUserStore;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class RootSecretWarningTest {

    /** The lines Roster logs while it starts (on a free port, over memory stores) with this root key. */
    private static List<String> startWith(Credentials root) throws Exception {
        RosterConfig config = RosterConfig.builder().host("127.0.0.1").port(0).rootKey(root).build();
        try (LogCapture log = LogCapture.of(Roster.class);
                Roster roster = Roster.start(config, new Roster.Backend(new MemoryUserStore(), new MemoryKeyStore()),
                        Clock.systemUTC(), new LocalRateLimiter(RateLimits.DEFAULTS, TimeMeter.SYSTEM_NANOTIME))) {
            return log.messages();
        }
    }

    @Test
    void a_root_secret_from_the_environment_shorter_than_32_characters_gets_a_warning_at_start_that_does_not_show_it()
            throws Exception {
        String secret = "s".repeat(31);
        assertThat(startWith(new Credentials("AKLTshortroot", secret)))
                .anySatisfy(line -> assertThat(line).contains("ROSTER_ROOT_SECRET_KEY has fewer than 32 characters"))
                .allSatisfy(line -> assertThat(line).doesNotContain(secret));
    }

    @Test
    void a_root_secret_of_32_characters_gets_no_warning() throws Exception {
        assertThat(startWith(new Credentials("AKLTlongroot", "s".repeat(32))))
                .noneSatisfy(line -> assertThat(line).contains("ROSTER_ROOT_SECRET_KEY"));
    }
}
