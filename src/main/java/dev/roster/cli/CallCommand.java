package dev.roster.cli;

import dev.roster.api.Actions;
import dev.roster.client.RosterClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster call ACTION --body JSON|@FILE}: any Action, signed with the caller's key; prints the whole
 * answer (the envelope) as JSON, and exits 1 if it carries an error or any user failed.
 */
@Command(name = "call", usageHelpWidth = 100,
        description = "Call any Action with a JSON body and print the whole answer as JSON.")
final class CallCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Mixin
    private ClientOptions client;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Parameters(index = "0", paramLabel = "ACTION", description = "The Action, e.g. BatchGetUser.")
    private String action;

    @Option(names = "--version", paramLabel = "VERSION", defaultValue = Actions.VERSION,
            description = "The API version. Default: ${DEFAULT-VALUE} (Roster's own Actions: " + Actions.ROSTER_VERSION + ")")
    private String version;

    @Option(names = "--body", paramLabel = "JSON|@FILE", defaultValue = "{}",
            description = "The request body, or @FILE to read it from a file. Default: ${DEFAULT-VALUE}")
    private String body;

    @Override
    public Integer call() {
        byte[] bytes;
        if (body.startsWith("@")) {
            try {
                bytes = Files.readAllBytes(Path.of(body.substring(1)));
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + body.substring(1) + ": " + e.getMessage());
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        RosterClient.Answer answer = client.send(main.env(), action, version, bytes);
        PrintWriter out = spec.commandLine().getOut();
        out.println(Answers.json(answer.envelope()));
        out.flush();
        if (answer.errorCode() != null) {
            spec.commandLine().getErr().println("roster: " + answer.errorCode() + ": " + answer.errorMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        return answer.result().path("FailedInfos").isEmpty() ? 0 : 1;
    }
}
