package dev.roster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code roster} command line: {@code java -jar roster.jar <command> [options]}. */
@Command(
        name = "roster",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hostable server for the Volcengine IM user-profile OpenAPI.",
        subcommands = {ServeCommand.class, KeysCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 on success, 1 on failure, 2 on bad usage. */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: serve or keys");
    }
}
