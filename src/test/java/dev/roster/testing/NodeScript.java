package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the Node.js scripts of src/test/node with its input on stdin, and fails the test unless it
 * exits 0 in time. Node must be installed: a missing Node fails the test, it never skips it.
 */
public final class NodeScript {
    private NodeScript() {}

    /** What the script printed: stdout, and stderr apart. */
    public record Output(String out, String err) {}

    public static Output run(Path script, byte[] stdin, Duration timeout) throws Exception {
        Process node;
        try {
            node = new ProcessBuilder("node", script.toString()).start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is required for " + script + ": " + e.getMessage(), e);
        }
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return node.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        node.getOutputStream().write(stdin);
        node.getOutputStream().close();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            node.destroyForcibly();
        }
        String errText = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(ended).as("%s ended within %s%n%s%n%s", script, timeout, out, errText).isTrue();
        assertThat(node.exitValue()).as("%s%n%s", out, errText).isZero();
        return new Output(out, errText);
    }
}
