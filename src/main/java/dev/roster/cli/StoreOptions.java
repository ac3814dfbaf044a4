package dev.roster.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the data lives, shared by every command that opens it. */
final class StoreOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:ROSTER_DATA_DIR:-./roster-data}",
            description = "Directory of the embedded database, created owner-only if missing (ROSTER_DATA_DIR)."
                    + " Default: ${DEFAULT-VALUE}")
    private Path dataDir;

    Path dataDir() {
        return dataDir;
    }
}
