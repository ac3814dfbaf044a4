package dev.roster.cli;

import dev.roster.Roster;
import dev.roster.RosterConfig;
import dev.roster.auth.Credentials;
import dev.roster.auth.KeyRing;
import dev.roster.store.AccessKey;
import dev.roster.store.Database;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster keys}: manages access keys in the same data directory the server uses; a running server
 * sees every change at its next request.
 */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list, enable, disable and delete access keys, in the data directory or the"
                + " PostgreSQL database that serve uses. create needs the ROSTER_MASTER_KEY that serve uses: set,"
                + " and opening every stored secret, when they are sealed; unset when they are in clear; otherwise it"
                + " writes nothing and exits with 1. list, enable, disable and delete never read ROSTER_MASTER_KEY.",
        usageHelpWidth = 100,
        subcommands = {
            KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Disable.class,
            KeysCommand.Enable.class, KeysCommand.Delete.class
        })
final class KeysCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: create, list, enable,"
                + " disable or delete");
    }

    /**
     * Opens the key ring of the data directory for one command. Only a command that writes a secret reads
     * ROSTER_MASTER_KEY: the others never touch secrets, so that a leaked key can be disabled or deleted
     * without the master key at hand.
     */
    private <T> T withKeys(StoreOptions store, boolean writesSecrets, Function<KeyRing, T> work) {
        Environment env = main.env();
        RosterConfig config;
        try {
            config = store.applyTo(RosterConfig.builder(), env).databasePoolSize(1)
                    .masterKey(writesSecrets ? env.masterKey() : null).build();
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        try (Database database = Roster.openDatabase(config)) {
            return work.apply(Roster.keyRing(config, database.keyStore(), Clock.systemUTC()));
        }
    }

    private <T> T withKeys(StoreOptions store, Function<KeyRing, T> work) {
        return withKeys(store, false, work);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Create a key and print its AccessKeyId and SecretAccessKey; the secret is shown only now.")
    static final class Create implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private KeysCommand keys;

        @Mixin
        private StoreOptions store;

        @ArgGroup(multiplicity = "1")
        private Scope scope;

        static final class Scope {
            @Option(names = "--apps", paramLabel = "APPID[,APPID...]", split = ",", required = true,
                    description = "The AppIds the key may use; any other AppId is NoAuth.")
            private List<Integer> apps;

            @Option(names = "--all-apps", required = true, description = "The key may use every AppId.")
            private boolean all;
        }

        @Override
        public Integer call() {
            Set<Integer> apps = scope.all ? null : new LinkedHashSet<>(scope.apps);
            if (apps != null && apps.stream().anyMatch(app -> app < 1)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "AppIds are integers from 1 to 2147483647");
            }
            Credentials key = keys.withKeys(store, true, ring -> {
                try {
                    ring.requireOneForm();
                } catch (KeyRing.MixedFormException e) {
                    throw new CommandFailure("no key created: " + e.getMessage());
                }
                return ring.create(apps);
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("AccessKeyId:     " + key.accessKeyId());
            out.println("SecretAccessKey: " + key.secretAccessKey());
            out.println("Apps:            " + (apps == null ? "*" : String.join(",", apps.stream().map(String::valueOf).toList())));
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "List the stored keys (never their secrets).")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private KeysCommand parent;

        @Mixin
        private StoreOptions store;

        @Override
        public Integer call() {
            List<AccessKey> keys = parent.withKeys(store, KeyRing::list);
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-32s %-8s %-5s %-24s %s%n";
            out.printf(format, "ACCESS KEY ID", "STATUS", "ROOT", "CREATED", "APPS");
            for (AccessKey key : keys) {
                out.printf(format, key.accessKeyId(), key.enabled() ? "enabled" : "disabled", key.root() ? "yes" : "no",
                        Instant.ofEpochMilli(key.createdTime()), key.scopeText());
            }
            out.flush();
            return 0;
        }
    }

    /** What disable, enable and delete share: one key id, one change, a line saying what happened. */
    abstract static class Change implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        KeysCommand parent;

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "ACCESS_KEY_ID", description = "The key to change.")
        String accessKeyId;

        abstract boolean apply(KeyRing keys);

        abstract String done();

        @Override
        public Integer call() {
            if (!parent.withKeys(store, this::apply)) {
                spec.commandLine().getErr().println("roster: no access key " + accessKeyId);
                return 1;
            }
            spec.commandLine().getOut().println(accessKeyId + " " + done());
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Refuse the key from now on (InvalidAccessKey); it can be enabled again.")
    static final class Disable extends Change {
        @Override
        boolean apply(KeyRing keys) {
            return keys.setEnabled(accessKeyId, false);
        }

        @Override
        String done() {
            return "disabled";
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Accept a disabled key again.")
    static final class Enable extends Change {
        @Override
        boolean apply(KeyRing keys) {
            return keys.setEnabled(accessKeyId, true);
        }

        @Override
        String done() {
            return "enabled";
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete the key for good.")
    static final class Delete extends Change {
        @Override
        boolean apply(KeyRing keys) {
            return keys.delete(accessKeyId);
        }

        @Override
        String done() {
            return "deleted";
        }
    }
}
