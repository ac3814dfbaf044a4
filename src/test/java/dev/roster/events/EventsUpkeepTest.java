package dev.roster.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.store.Cause;
import dev.roster.store.Database;
import dev.roster.store.EventStore;
import dev.roster.store.Plan;
import dev.roster.store.Profile;
import dev.roster.store.StoredEvent;
import dev.roster.testing.Eventually;
import dev.roster.testing.LogCapture;
import dev.roster.testing.RosterServerExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a node does beside delivering: prune events past the retention, and warn about a sink that falls behind. */
class EventsUpkeepTest {
    private Path dir;
    private Database database;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("roster-upkeep-");
        database = Roster.openDatabase(RosterConfig.builder().dataDir(dir).build());
    }

    @AfterEach
    void close() {
        database.close();
        RosterServerExtension.deleteTree(dir);
    }

    private void change(long userId, long time) {
        Profile profile = new Profile(1, userId, "n", "", List.of(), Map.of(), false, time, time, 1);
        database.userStore().modify(1, List.of(userId),
                current -> new Plan<>(null, List.of(profile), List.of(), Cause.of("Test"), time));
    }

    private static EventsConfig config(List<URI> webhooks, Duration retention) {
        String secret = "whsec_" + Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));
        return new EventsConfig(webhooks, WebhookSecret.parse(secret), Set.of(), 20, null, EventsConfig.DEFAULT_TOPIC,
                retention, EventsConfig.MAX_LEASE);
    }

    @Test
    void events_older_than_the_retention_are_pruned_and_newer_ones_kept() throws Exception {
        long now = System.currentTimeMillis();
        for (long user = 1; user <= 1_500; user++) {
            change(user, now - Duration.ofHours(2).toMillis()); // more than one pruning batch
        }
        change(2_000, now - Duration.ofMinutes(30).toMillis());
        EventStore events = database.eventStore();
        try (LogCapture log = LogCapture.of(Events.class);
                Events upkeep = Events.start(events, config(List.of(), Duration.ofHours(1)), Clock.systemUTC(),
                        new SimpleMeterRegistry())) {
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(events.page(1, 0, 2_000))
                    .extracting(StoredEvent::userId).containsExactly(2_000L));
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(log.messages())
                    .contains("events: pruned 1500 older than PT1H"));
        }
    }

    @Test
    void a_sink_whose_oldest_pending_event_is_over_a_minute_old_is_warned_about() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/hook");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LogCapture log = LogCapture.of(Events.class);
                Events upkeep = Events.start(database.eventStore(), config(List.of(nowhere), Duration.ofDays(7)),
                        Clock.systemUTC(), registry)) {
            change(1, System.currentTimeMillis() - Duration.ofMinutes(2).toMillis());
            Eventually.within(Duration.ofSeconds(30), () -> assertThat(log.messages()).anySatisfy(line -> assertThat(line)
                    .startsWith("events to webhook " + nowhere + ": 1 pending, 0 failed; the oldest pending event is")));
            assertThat(registry.get("roster.events.pending").tag("sink", "webhook " + nowhere).gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.get("roster.events.oldest.pending.seconds").gauge().value()).isGreaterThan(60);
        }
    }
}
