package dev.roster.cli;

import dev.roster.RosterConfig;
import dev.roster.store.SqliteBackup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster backup} and {@code roster restore}: the embedded store to a file and back. What cannot be
 * done is a StoreException, which Main says in one line (exit 1).
 */
final class BackupCommand {
    private BackupCommand() {}

    /** The data directory the options name; PostgreSQL has tools of its own. */
    private static Path dataDir(StoreOptions store, Main main) {
        RosterConfig config = store.applyTo(RosterConfig.builder(), main.env()).build();
        if (config.databaseUrl() != null) {
            throw new CommandFailure("backup and restore are for the embedded store; on PostgreSQL use pg_dump and"
                    + " pg_restore (docs/operations.md, \"Backup, restore, export, import\")");
        }
        return config.dataDir();
    }

    @Command(name = "backup", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Copy the embedded store to a file, consistently, while a server may be running"
                    + " (SQLite's VACUUM INTO).")
    static final class Backup implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Main main;

        @Mixin
        private StoreOptions store;

        @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file; must not exist.")
        private Path target;

        @Override
        public Integer call() {
            SqliteBackup.Copy copy = SqliteBackup.backup(dataDir(store, main), target);
            spec.commandLine().getOut().println("backed up " + copy.users() + " users to " + copy.file() + " ("
                    + copy.bytes() + " bytes)");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Put a backup back as the embedded store; refused while a server uses the directory.")
    static final class Restore implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Main main;

        @Mixin
        private StoreOptions store;

        @Option(names = "--from", required = true, paramLabel = "FILE", description = "A file made by roster backup.")
        private Path source;

        @Option(names = "--force", description = "Replace the store the directory holds already.")
        private boolean force;

        @Override
        public Integer call() {
            SqliteBackup.Copy copy = SqliteBackup.restore(source, dataDir(store, main), force);
            spec.commandLine().getOut().println("restored " + copy.users() + " users into " + copy.file());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
