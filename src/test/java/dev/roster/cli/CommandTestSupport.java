package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Any {@code roster} command, run in this JVM with an empty environment, for tests outside this package. */
public final class CommandTestSupport {
    private CommandTestSupport() {}

    /** What a command printed and how it exited. */
    public record Result(int exit, String out, String err) {}

    public static Result run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Environment(Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Result(cli.execute(args.toArray(String[]::new)), out.toString(), err.toString());
    }

    /** Runs the command and returns its output; fails the test unless it exits 0. */
    public static String succeed(List<String> args) {
        Result r = run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
