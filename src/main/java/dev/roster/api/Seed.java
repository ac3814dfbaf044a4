package dev.roster.api;

import dev.roster.store.Cause;
import dev.roster.users.Entry;
import dev.roster.users.NewProfile;
import dev.roster.users.UserFailure;
import dev.roster.users.UserService;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code serve --seed FILE}: registers the users of an NDJSON file ({@link UserFile}) at start, before the
 * server answers anyone. Idempotent: a user already registered is left exactly as it is, so the same file
 * can seed every start. A file that cannot be read, or a user the API would refuse, stops the start.
 */
public final class Seed {
    private static final int BATCH = 100;

    private Seed() {}

    /** What a seed did. */
    public record Outcome(int registered, int present) {}

    public static Outcome load(Path file, UserService users) {
        List<UserFile.Line> lines;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines = UserFile.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the seed file " + file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("seed file " + file + ": " + e.getMessage());
        }
        int registered = 0;
        int present = 0;
        for (int from = 0; from < lines.size(); ) {
            int appId = lines.get(from).appId();
            List<UserFile.Line> batch = new ArrayList<>();
            while (from < lines.size() && lines.get(from).appId() == appId && batch.size() < BATCH) {
                batch.add(lines.get(from++));
            }
            Set<Long> existing = new HashSet<>();
            users.get(appId, batch.stream().map(UserFile.Line::userId).distinct().toList()).found()
                    .forEach(profile -> existing.add(profile.userId()));
            List<Entry<NewProfile>> missing = new ArrayList<>();
            Set<Long> seen = new HashSet<>(existing);
            for (UserFile.Line line : batch) {
                if (seen.add(line.userId())) {
                    missing.add(Entry.of(line.userId(), line.profile()));
                }
            }
            present += batch.size() - missing.size();
            List<UserFailure> failures = users.register(appId, missing, Cause.of("Seed"));
            if (!failures.isEmpty()) {
                UserFailure first = failures.get(0);
                UserFile.Line line = batch.stream().filter(l -> l.userId() == first.userId()).findFirst().orElseThrow();
                throw new IllegalArgumentException("seed file " + file + ": line " + line.number() + ": user "
                        + first.userId() + ": " + first.code().wire() + ": " + first.message());
            }
            registered += missing.size();
        }
        return new Outcome(registered, present);
    }
}
