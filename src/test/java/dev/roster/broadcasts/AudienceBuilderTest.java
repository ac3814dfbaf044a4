package dev.roster.broadcasts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.store.Broadcast;
import dev.roster.store.BroadcastMessage;
import dev.roster.store.BroadcastStore;
import dev.roster.store.Cause;
import dev.roster.testing.TestDatabase;
import dev.roster.users.Entry;
import dev.roster.users.Limits;
import dev.roster.users.NewProfile;
import dev.roster.users.ProfilePatch;
import dev.roster.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audience a broadcast gets, built batch by batch on a real store, against a model: the users whose
 * tags matched when the broadcast was stored, whatever is written after it and before or while its
 * audience is built (tags changed, users removed, registered, removed and registered again).
 */
@Tag("behaviour")
class AudienceBuilderTest {
    private static final int APP = 7;
    private static final List<String> TAGS = List.of("a", "b", "c", "d", "e", "f");

    @RegisterExtension
    final TestDatabase db = new TestDatabase();

    private final Map<Long, Set<String>> model = new LinkedHashMap<>();

    @Test
    void audiences_are_the_snapshot_at_the_broadcast_whatever_is_written_after_it() {
        Random random = new Random(20261126);
        UserService users = new UserService(db.database().userStore(), Limits.DEFAULTS, Clock.systemUTC());
        BroadcastStore store = db.database().broadcastStore();
        AudienceBuilder builder = new AudienceBuilder(store, Clock.systemUTC(), Duration.ofDays(1), 37);
        for (int i = 0; i < 30; i++) {
            writeSome(users, random, 20);
        }
        Map<String, Set<Long>> expected = new LinkedHashMap<>();
        List<BroadcastMessage> messages = new ArrayList<>();
        messages.add(message(List.of(), 0));
        for (int i = 0; i < 12; i++) {
            List<String> pool = new ArrayList<>(TAGS);
            Collections.shuffle(pool, random);
            List<String> tags = List.copyOf(pool.subList(0, 1 + random.nextInt(3)));
            messages.add(message(tags, random.nextInt(2)));
        }
        for (BroadcastMessage message : messages) {
            Broadcast b = store.create(APP, message, new Cause("UserBroadcast", "r"), "AK", System.currentTimeMillis());
            expected.put(b.broadcastId(), audienceNow(message));
            writeSome(users, random, 15); // after the broadcast: must not change its audience
            if (random.nextBoolean()) {
                builder.round(); // some batches now, the rest after more writes
            }
        }
        writeSome(users, random, 40);
        for (int rounds = 0; rounds < 1_000 && !store.pending(System.currentTimeMillis(), 100).isEmpty(); rounds++) {
            builder.round();
            if (rounds % 3 == 0) {
                writeSome(users, random, 5);
            }
        }
        assertThat(store.pending(System.currentTimeMillis(), 100)).isEmpty();
        for (Map.Entry<String, Set<Long>> e : expected.entrySet()) {
            Broadcast b = store.find(APP, e.getKey()).orElseThrow();
            List<Long> recipients = store.recipients(b.key(), 0, 100_000);
            assertThat(recipients).as("%s %s", b.broadcastId(), b.message().tags())
                    .containsExactlyElementsOf(e.getValue());
            assertThat(b.status()).isEqualTo(Broadcast.Status.READY);
            assertThat(b.audienceSize()).isEqualTo(e.getValue().size());
        }
        assertThat(expected.values()).as("some audiences are neither empty nor everyone")
                .anyMatch(s -> !s.isEmpty() && s.size() < model.size());
    }

    @Test
    void one_node_builds_an_audience_at_a_time_and_another_finishes_it_once_the_claim_has_ended() throws Exception {
        UserService users = new UserService(db.database().userStore(), Limits.DEFAULTS, Clock.systemUTC());
        List<Entry<NewProfile>> entries = new ArrayList<>();
        for (long id = 1; id <= 100; id++) {
            entries.add(Entry.of(id, profile(Set.of(id % 2 == 0 ? "a" : "b"))));
            if (entries.size() == 20) {
                users.register(APP, entries, Cause.NONE);
                entries.clear();
            }
        }
        BroadcastStore store = db.database().broadcastStore();
        long t0 = System.currentTimeMillis();
        Broadcast b = store.create(APP, message(List.of("a"), 0), Cause.NONE, "AK", t0);
        MovableClock clock = new MovableClock(t0);
        try (var other = db.openAgain()) {
            AudienceBuilder first = new AudienceBuilder(store, clock, Duration.ofDays(1), 10);
            AudienceBuilder second = new AudienceBuilder(other.broadcastStore(), clock, Duration.ofDays(1), 10);
            first.round();
            first.round();
            long cursor = store.find(APP, b.broadcastId()).orElseThrow().cursor();
            assertThat(cursor).as("two batches of ten candidates").isEqualTo(40);
            second.round();
            assertThat(store.find(APP, b.broadcastId()).orElseThrow().cursor()).as("the first node holds it")
                    .isEqualTo(cursor);
            users.update(APP, List.of(Entry.of(42L, new ProfilePatch(null, null, List.of("b"), null))), Cause.NONE);
            clock.advance(AudienceBuilder.CLAIM.plusMillis(1)); // the first node is gone: its claim ends
            for (int i = 0; i < 10; i++) {
                second.round();
            }
        }
        Broadcast done = store.find(APP, b.broadcastId()).orElseThrow();
        assertThat(done.status()).isEqualTo(Broadcast.Status.READY);
        assertThat(store.recipients(done.key(), 0, 1000)).hasSize(50).contains(42L);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private volatile long millis;

        MovableClock(long millis) {
            this.millis = millis;
        }

        void advance(Duration by) {
            millis += by.toMillis();
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void expired_broadcasts_lose_their_recipients_and_are_forgotten_after_the_retention() {
        UserService users = new UserService(db.database().userStore(), Limits.DEFAULTS, Clock.systemUTC());
        BroadcastStore store = db.database().broadcastStore();
        users.register(APP, List.of(Entry.of(1, profile(Set.of("a"))), Entry.of(2, profile(Set.of()))), Cause.NONE);
        long t0 = 1_000_000_000_000L;
        Broadcast b = store.create(APP, new BroadcastMessage(0, 1, 60, 1, "hi", 0, List.of(), Map.of()), Cause.NONE,
                "AK", t0);
        AudienceBuilder builder = new AudienceBuilder(store, Clock.fixed(Instant.ofEpochMilli(t0), ZoneOffset.UTC),
                Duration.ofHours(1), 10);
        builder.round();
        b = store.find(APP, b.broadcastId()).orElseThrow();
        assertThat(b.statusAt(t0)).isEqualTo(Broadcast.Status.READY);
        assertThat(store.recipients(b.key(), 0, 10)).containsExactly(1L, 2L);
        assertThat(b.statusAt(t0 + 60_000)).isEqualTo(Broadcast.Status.EXPIRED);

        assertThat(store.expire(t0 + 59_999, 0, 100)).isZero();
        assertThat(store.expire(t0 + 60_000, 0, 100)).isEqualTo(2);
        assertThat(store.recipients(b.key(), 0, 10)).isEmpty();
        assertThat(store.find(APP, b.broadcastId()).orElseThrow().status()).isEqualTo(Broadcast.Status.EXPIRED);
        assertThat(store.expire(t0 + 60_000 + 3_600_000, t0 + 60_000, 100)).isZero();
        assertThat(store.expire(t0 + 60_001 + 3_600_000, t0 + 60_001, 100)).isEqualTo(1);
        assertThat(store.find(APP, b.broadcastId())).isEmpty();
    }

    @Test
    void a_broadcast_that_expires_before_its_audience_is_built_is_never_made_ready() {
        UserService users = new UserService(db.database().userStore(), Limits.DEFAULTS, Clock.systemUTC());
        BroadcastStore store = db.database().broadcastStore();
        users.register(APP, List.of(Entry.of(1, profile(Set.of()))), Cause.NONE);
        long t0 = 1_000_000_000_000L;
        Broadcast b = store.create(APP, new BroadcastMessage(0, 1, 1, 1, "hi", 0, List.of(), Map.of()), Cause.NONE,
                "AK", t0);
        new AudienceBuilder(store, Clock.fixed(Instant.ofEpochMilli(t0 + 1_000), ZoneOffset.UTC), Duration.ofHours(1),
                10).round();
        assertThat(store.find(APP, b.broadcastId()).orElseThrow().status()).isEqualTo(Broadcast.Status.PENDING);
        store.expire(t0 + 1_000, 0, 100);
        assertThat(store.find(APP, b.broadcastId()).orElseThrow().status()).isEqualTo(Broadcast.Status.EXPIRED);
    }

    private static BroadcastMessage message(List<String> tags, int tagOp) {
        return new BroadcastMessage(0, 1, 3600, 1, "hello", tagOp, tags, Map.of());
    }

    private Set<Long> audienceNow(BroadcastMessage message) {
        Set<Long> audience = new TreeSet<>();
        model.forEach((id, tags) -> {
            if (message.matches(tags)) {
                audience.add(id);
            }
        });
        return audience;
    }

    /** {@code n} random writes through the user service, mirrored in the model. */
    private void writeSome(UserService users, Random random, int n) {
        for (int i = 0; i < n; i++) {
            long id = 1 + random.nextInt(300);
            Set<String> tags = randomTags(random);
            switch (random.nextInt(4)) {
                case 0 -> {
                    users.register(APP, List.of(Entry.of(id, profile(tags))), Cause.NONE);
                    model.put(id, tags);
                }
                case 1 -> {
                    users.unregister(APP, List.of(id), Cause.NONE);
                    model.remove(id);
                }
                default -> {
                    users.update(APP, List.of(Entry.of(id, new ProfilePatch(null, null, List.copyOf(tags), null))),
                            Cause.NONE);
                    if (model.containsKey(id)) {
                        model.put(id, tags);
                    }
                }
            }
        }
    }

    private static Set<String> randomTags(Random random) {
        Set<String> tags = new TreeSet<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            tags.add(TAGS.get(random.nextInt(TAGS.size())));
        }
        return tags;
    }

    private static NewProfile profile(Set<String> tags) {
        return new NewProfile("", "", List.copyOf(tags), Map.of(), false);
    }
}
