package dev.roster.cli;

import dev.roster.store.StoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** The {@code roster} command line: {@code java -jar roster.jar <command> [options]}. */
@Command(
        name = "roster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hostable server for the Volcengine IM user-profile OpenAPI.",
        subcommands = {ServeCommand.class, KeysCommand.class, UsersCommand.class, CallCommand.class, EventsCommand.class,
            BroadcastCommand.class,
            TransferCommands.Export.class, TransferCommands.Import.class, BackupCommand.Backup.class,
            BackupCommand.Restore.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    private final Environment env;
    private final OptionSources sources;

    Main(Environment env, OptionSources sources) {
        this.env = env;
        this.sources = sources;
    }

    public static void main(String[] args) {
        System.exit(execute(Environment.system(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args));
    }

    /**
     * Runs one command line: reads the config file that {@code serve --config FILE} (or {@code ROSTER_CONFIG})
     * names, then parses and runs. Returns 0 on success, 1 on failure, 2 on bad usage or an unusable config file.
     */
    static int execute(Environment env, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli;
        try {
            ConfigFile file = configFile(env, args);
            cli = commandLine(env, file);
            file.checkKeys(OptionSources.settings(cli.getSubcommands().get("serve").getCommandSpec()).stream()
                    .map(OptionSources::key).toList());
        } catch (ConfigFile.ConfigException e) {
            err.println("roster: " + e.getMessage());
            err.flush();
            return 2;
        }
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    /** The command line over {@code env} without a config file; its {@code execute} returns 0, 1 or 2 as above. */
    static CommandLine commandLine(Environment env) {
        return commandLine(env, ConfigFile.none());
    }

    private static CommandLine commandLine(Environment env, ConfigFile file) {
        OptionSources sources = new OptionSources(env, file);
        return new CommandLine(new Main(env, sources)).setDefaultValueProvider(sources)
                .setExpandAtFiles(false) // "call --body @FILE" is ours to read
                .setParameterExceptionHandler((e, args) -> usageError(e, sources))
                .setExecutionExceptionHandler((e, cli, parsed) -> {
                    // A file that cannot be read or written, a store that cannot be opened: said in one line.
                    if (!(e instanceof CommandFailure || e instanceof IOException || e instanceof UncheckedIOException
                            || e instanceof StoreException)) {
                        throw e;
                    }
                    cli.getErr().println("roster: " + describe(e instanceof UncheckedIOException u ? u.getCause() : e));
                    cli.getErr().flush();
                    return 1;
                });
    }

    private static String describe(Throwable e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * A usage error in one line, saying where a wrong value came from when no flag gave it (the environment
     * or the config file), and where to read more; exit 2.
     */
    private static int usageError(CommandLine.ParameterException e, OptionSources sources) {
        CommandLine cli = e.getCommandLine();
        String origin = "";
        if (e.getArgSpec() instanceof OptionSpec option && OptionSources.settingOf(option) != null
                && !cli.getParseResult().hasMatchedOption(option) && !sources.origin(option).equals(OptionSources.DEFAULT)) {
            origin = " (from the " + sources.origin(option) + (sources.origin(option).equals(OptionSources.FILE)
                    ? " " + sources.file().path() + ", key '" + OptionSources.key(option) + "'" : "") + ")";
        }
        cli.getErr().println("roster: " + e.getMessage() + origin);
        cli.getErr().println("Try '" + cli.getCommandSpec().qualifiedName(" ") + " --help' for more information.");
        cli.getErr().flush();
        return 2;
    }

    /**
     * The config file of a {@code serve} command line, found before picocli parses it (the file supplies
     * defaults to that very parse): {@code --config FILE} or {@code --config=FILE}, else {@code ROSTER_CONFIG}.
     */
    private static ConfigFile configFile(Environment env, String[] args) {
        if (args.length == 0 || !args[0].equals("serve")) {
            return ConfigFile.none();
        }
        String path = Environment.blankToNull(env.get(Environment.CONFIG));
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (args[i].equals("--config") && i + 1 < args.length) {
                path = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                path = args[i].substring("--config=".length());
            }
        }
        return path == null ? ConfigFile.none() : ConfigFile.read(Path.of(path));
    }

    /** What the commands read from the environment only (secrets). */
    Environment env() {
        return env;
    }

    /** Where each setting came from. */
    OptionSources sources() {
        return sources;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: "
                + String.join(", ", spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList()));
    }
}
