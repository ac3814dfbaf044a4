package dev.roster.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options {@code bench} and {@code bench compare} share: how long, how hard, which users, where to write. */
final class BenchRunOptions {
    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to measure (500ms, 10s, 2m, ...). Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to send before measuring, so that both JVMs are warm. Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--users-per-request", paramLabel = "N", defaultValue = "10",
            description = "Users in each BatchUpdateUser and BatchGetUser. Default: ${DEFAULT-VALUE}")
    int usersPerRequest;

    @Option(names = "--registered-users", paramLabel = "N", defaultValue = "1000",
            description = "Users 1..N of each AppId are registered before measuring and are the ones updated and"
                    + " read. Default: ${DEFAULT-VALUE}")
    int registeredUsers;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the figures to FILE as JSON, for scripts.")
    Path json;
}
