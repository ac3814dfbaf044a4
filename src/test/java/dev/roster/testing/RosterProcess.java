package dev.roster.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged server, {@code target/roster.jar}, run as a real process the way users start it:
 * configured through environment variables, discovered through the line it prints when ready.
 */
public final class RosterProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Roster listening on (https?://\\S+)");

    private final Process process;
    private final URI url;
    private final Path log;
    private final List<String> stdoutBeforeReady;

    private RosterProcess(Process process, Ready ready, Path log) {
        this.process = process;
        this.url = ready.url();
        this.stdoutBeforeReady = ready.before();
        this.log = log;
    }

    private record Ready(URI url, List<String> before) {}

    /**
     * Starts {@code serve} on 127.0.0.1 and a free port over {@code dataDir} with the test root key; waits
     * until it is ready. {@code env} adds or overrides variables (an empty value unsets one for Roster).
     */
    public static RosterProcess start(Path dataDir, Map<String, String> env, String... extraArgs) throws IOException {
        String jar = System.getProperty("roster.jar", "target/roster.jar");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar, "serve"));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ROSTER_HOST", "127.0.0.1");
        builder.environment().put("ROSTER_PORT", "0");
        builder.environment().put("ROSTER_DATA_DIR", dataDir.toString());
        builder.environment().put("ROSTER_ROOT_ACCESS_KEY", RosterServerExtension.ROOT.accessKeyId());
        builder.environment().put("ROSTER_ROOT_SECRET_KEY", RosterServerExtension.ROOT.secretAccessKey());
        builder.environment().putAll(env);
        Path log = Files.createTempFile("roster-process-", ".log");
        builder.redirectError(log.toFile());
        Process process = builder.start();
        CompletableFuture<Ready> ready = CompletableFuture.supplyAsync(() -> readyUrl(process));
        try {
            return new RosterProcess(process, ready.get(60, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("Roster did not get ready; its log:\n" + Files.readString(log), e);
        }
    }

    /**
     * Runs {@code roster keys ARGS --data-dir DIR} from the packaged jar with {@code env} added; returns what
     * it printed (stdout and stderr) once it has exited 0.
     */
    public static String keys(Path dataDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("roster.jar", "target/roster.jar"), "keys"));
        command.addAll(List.of(args));
        command.addAll(List.of("--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("roster keys " + String.join(" ", args) + " failed:\n" + out);
        }
        return out;
    }

    private static Ready readyUrl(Process process) {
        try {
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> before = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    // Keep draining stdout so the process never blocks on a full pipe.
                    CompletableFuture.runAsync(() -> drain(out));
                    return new Ready(URI.create(m.group(1)), List.copyOf(before));
                }
                before.add(line);
            }
            throw new IllegalStateException("exited before printing its URL");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the process is gone
        }
    }

    public URI url() {
        return url;
    }

    /** What the process printed on stdout before its ready line. */
    public List<String> stdoutBeforeReady() {
        return stdoutBeforeReady;
    }

    /** A client that signs with the root key given to the process. */
    public ApiClient client() {
        return new ApiClient(url, new TestSigner(RosterServerExtension.ROOT));
    }

    public Process process() {
        return process;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM: the polite stop. */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL: no chance to flush or clean up anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Roster did not exit within " + seconds + " s");
        }
        return process.exitValue();
    }

    /**
     * Kills the process if it still runs, and copies its log into this test's output, so that the check of
     * the whole run's logs for secrets (src/test/scripts/no-secrets-in-logs) reads it too.
     */
    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        System.err.println("--- the log of roster process " + process.pid() + " ---");
        System.err.print(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
        System.err.flush();
        Files.deleteIfExists(log);
    }
}
