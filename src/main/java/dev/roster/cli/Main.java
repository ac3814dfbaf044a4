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
        subcommands = {ServeCommand.class, KeysCommand.class, UsersCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    private final Environment env;

    Main(Environment env) {
        this.env = env;
    }

    public static void main(String[] args) {
        System.exit(commandLine(Environment.system()).execute(args));
    }

    /** The command line over {@code env}; its {@code execute} returns 0 on success, 1 on failure, 2 on bad usage. */
    static CommandLine commandLine(Environment env) {
        return new CommandLine(new Main(env)).setExecutionExceptionHandler((e, cli, parsed) -> {
            if (!(e instanceof CommandFailure)) {
                throw e;
            }
            cli.getErr().println("roster: " + e.getMessage());
            cli.getErr().flush();
            return 1;
        });
    }

    /** What the commands read from the environment only (secrets). */
    Environment env() {
        return env;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: serve, keys, users or bench");
    }
}
