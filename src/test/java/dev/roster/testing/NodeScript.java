package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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
        // Both streams are read beside the wait, so that a script that hangs fails at the timeout.
        CompletableFuture<byte[]> out = readAll(node.getInputStream());
        CompletableFuture<byte[]> err = readAll(node.getErrorStream());
        node.getOutputStream().write(stdin);
        node.getOutputStream().close();
        boolean ended = node.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String outText = new String(out.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        String errText = new String(err.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        assertThat(ended).as("%s ended within %s%n%s%n%s", script, timeout, outText, errText).isTrue();
        assertThat(node.exitValue()).as("%s%n%s", outText, errText).isZero();
        return new Output(outText, errText);
    }

    private static CompletableFuture<byte[]> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
            }
        }, task -> new Thread(task, "node-output").start()); // a thread each: the reads block
    }
}
