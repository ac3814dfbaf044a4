package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Any {@code roster} command, run in this JVM through the real entry point ({@link Main#execute}). */
public final class CommandTestSupport {
    private CommandTestSupport() {}

    /** What a command printed and how it exited. */
    public record Result(int exit, String out, String err) {}

    /** {@code roster ARGS} with exactly the environment {@code env}. */
    public static Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new Environment(env), new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** {@code roster ARGS} with an empty environment. */
    public static Result run(List<String> args) {
        return run(Map.of(), args.toArray(String[]::new));
    }

    /** Runs the command with an empty environment and returns its output; fails the test unless it exits 0. */
    public static String succeed(List<String> args) {
        Result r = run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }
}
