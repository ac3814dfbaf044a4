package dev.roster.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The users {@code bench queries} registers, a pure function of the seed and the UserId, so that loading
 * threads need not share state and a run can be repeated: each user holds 1 to 5 distinct tags (the count
 * uniform, each tag uniform over {@code tagCount} tags, "tag-000" on) and a NickName from
 * {@link PopulationNames}.
 */
final class Population {
    static final int MIN_TAGS = 1;
    static final int MAX_TAGS = 5;

    /** The two tags {@link #withAudienceTags} adds: every user holds one or both, a third of them both. */
    static final List<String> AUDIENCE_TAGS = List.of("bc-a", "bc-b");

    private final long seed;
    private final List<String> tags;
    private final boolean audienceTags;

    Population(long seed, int tagCount) {
        this(seed, tagCount, false);
    }

    private Population(long seed, int tagCount, boolean audienceTags) {
        if (tagCount < MAX_TAGS) {
            throw new IllegalArgumentException("--tags: at least " + MAX_TAGS + ", got " + tagCount);
        }
        this.seed = seed;
        String format = "tag-%0" + Math.max(3, Integer.toString(tagCount - 1).length()) + "d";
        List<String> names = new ArrayList<>(tagCount);
        for (int i = 0; i < tagCount; i++) {
            names.add(String.format(Locale.ROOT, format, i));
        }
        this.tags = List.copyOf(names);
        this.audienceTags = audienceTags;
    }

    /**
     * The same users, each also holding {@code bc-a} (UserIds not divisible by 3) or {@code bc-b} (not 1 modulo
     * 3), or both: any of the two is everyone, an audience as large as the app.
     */
    Population withAudienceTags() {
        return new Population(seed, tags.size(), true);
    }

    /** One user's profile fields. */
    record User(long userId, String nickName, List<String> tags) {}

    User user(long userId) {
        SplittableRandom random = randomFor(userId);
        int count = MIN_TAGS + random.nextInt(MAX_TAGS - MIN_TAGS + 1);
        User user = new User(userId, PopulationNames.nickName(random), distinctTags(random, count));
        if (!audienceTags) {
            return user;
        }
        List<String> more = new ArrayList<>(user.tags());
        if (userId % 3 != 0) {
            more.add(AUDIENCE_TAGS.get(0));
        }
        if (userId % 3 != 1) {
            more.add(AUDIENCE_TAGS.get(1));
        }
        return new User(userId, user.nickName(), more);
    }

    /** {@code count} distinct tags drawn uniformly. */
    List<String> distinctTags(SplittableRandom random, int count) {
        List<String> drawn = new ArrayList<>(count);
        while (drawn.size() < count) {
            String tag = tags.get(random.nextInt(tags.size()));
            if (!drawn.contains(tag)) {
                drawn.add(tag);
            }
        }
        return drawn;
    }

    /** A random source of the run's own, apart from every user's. */
    SplittableRandom queryRandom(String purpose) {
        return new SplittableRandom(seed * 31 + purpose.hashCode());
    }

    private SplittableRandom randomFor(long userId) {
        return new SplittableRandom(seed ^ (userId * 0x9E3779B97F4A7C15L));
    }
}
