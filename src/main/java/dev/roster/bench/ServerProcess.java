package dev.roster.bench;

import dev.roster.api.Actions;
import dev.roster.auth.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
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
import java.util.stream.Collectors;

/**
 * {@code roster serve --bench-noop} as a child process of this one, from the same classpath (the jar, or
 * Maven's classes in tests) and the same {@code java}: on 127.0.0.1 and a free port, with a root key and
 * database given here, every rate limit off, and none of this shell's other {@code ROSTER_*} variables.
 * Its log goes to a file in its directory; it is found ready by the line {@code serve} prints.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Roster listening on (https?://\\S+)");
    private static final long START_TIMEOUT_SECONDS = 60;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final URI url;

    private ServerProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** Starts the server over {@code dataDir}, or over the database that {@code databaseEnv} names. */
    static ServerProcess start(Credentials root, Path dataDir, Map<String, String> databaseEnv) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.roster.cli.Main", "serve", "--bench-noop");
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("ROSTER_"));
        env.put("ROSTER_HOST", "127.0.0.1");
        env.put("ROSTER_PORT", "0");
        env.put("ROSTER_DATA_DIR", dataDir.toString());
        env.put("ROSTER_ROOT_ACCESS_KEY", root.accessKeyId());
        env.put("ROSTER_ROOT_SECRET_KEY", root.secretAccessKey());
        env.put("ROSTER_RATE_LIMITS", Actions.ALL_AND_BENCH_NOOP.stream().map(action -> action + "=0")
                .collect(Collectors.joining(",")));
        env.putAll(databaseEnv);
        Path log = dataDir.resolve("serve.log");
        builder.redirectError(log.toFile());
        Process process = builder.start();
        try {
            URI url = CompletableFuture.supplyAsync(() -> readyUrl(process))
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new ServerProcess(process, url);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the server did not start; its log (" + log + "):\n" + tail(log), e);
        }
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL if it has not exited in time. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static URI readyUrl(Process process) {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher ready = READY.matcher(line);
                if (ready.find()) {
                    Thread drain = new Thread(() -> drain(out), "bench-server-stdout");
                    drain.setDaemon(true);
                    drain.start();
                    return URI.create(ready.group(1));
                }
            }
            throw new IllegalStateException("the server exited before it was ready");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads what the server prints after its ready line, so that it never blocks on a full pipe. */
    private static void drain(BufferedReader out) {
        try {
            out.transferTo(Writer.nullWriter());
        } catch (IOException e) {
            // the server has gone
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", new ArrayList<>(lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
