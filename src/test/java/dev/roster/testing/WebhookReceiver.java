package dev.roster.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A webhook receiver for the tests, src/test/node/webhook-receiver.js: it verifies every delivery with the
 * npm {@code standardwebhooks} package (the reference implementation of the Standard Webhooks specification)
 * and fails deliveries on purpose when told to. Node must be installed: a missing Node fails the test, it
 * never skips it.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final Path SCRIPT = Path.of("src/test/node/webhook-receiver.js");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * One request the receiver saw, in arrival order. A verified one has its {@code attempt} number (1-based,
     * counted per {@code webhook-id} among verified requests) and the parsed body as {@code payload}; one that
     * failed verification was answered 400 and has {@code error} (the library's message) and attempt 0.
     */
    public record Attempt(String id, int attempt, int status, boolean verified, long receivedAt, JsonNode payload,
            String error) {
        public boolean succeeded() {
            return verified && status >= 200 && status < 300;
        }
    }

    private final Process process;
    private final Path stderr;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private WebhookReceiver(Process process, Path stderr, int port) {
        this.process = process;
        this.stderr = stderr;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** Starts a receiver that verifies with {@code secret} ({@code whsec_} and base64) and answers 200 to all. */
    public static WebhookReceiver start(String secret) {
        if (!Files.isDirectory(SCRIPT.resolveSibling("node_modules/standardwebhooks"))) {
            throw new AssertionError("the npm package standardwebhooks is installed by 'npm ci' in src/test/node "
                    + "(mvn does it in generate-test-resources)");
        }
        Path stderr;
        Process process;
        try {
            stderr = Files.createTempFile("roster-webhook-receiver-", ".log");
            ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.toString()).redirectError(stderr.toFile());
            builder.environment().put("WEBHOOK_SECRET", secret);
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Node.js is required for the webhook tests (the receiver is "
                    + SCRIPT + "): " + e.getMessage(), e);
        }
        // The receiver stays up while its stdin is open: it is never closed, so the receiver dies with this JVM.
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line = null;
        try {
            line = firstLine.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            JsonNode port = line == null ? null : JSON.readTree(line).path("port");
            if (port != null && port.canConvertToInt() && port.asInt() > 0) {
                return new WebhookReceiver(process, stderr, port.asInt());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | IOException e) {
            // reported below, with what the receiver printed
        }
        WebhookReceiver failed = new WebhookReceiver(process, stderr, 0);
        failed.stop();
        throw new AssertionError("the webhook receiver did not start (its first line: " + line + "):\n"
                + failed.stderrText());
    }

    /** Where to deliver: the receiver's /hook. */
    public URI url() {
        return base.resolve("/hook");
    }

    /** Every request the receiver saw, in arrival order. */
    public List<Attempt> attempts() {
        try {
            return JSON.readValue(send("GET", "/attempts", null), new TypeReference<List<Attempt>>() {});
        } catch (IOException e) {
            throw new AssertionError("cannot read the receiver's attempts: " + e.getMessage(), e);
        }
    }

    /** The attempts that verified and were answered 2xx: what the receiver accepted. */
    public List<Attempt> delivered() {
        return attempts().stream().filter(Attempt::succeeded).toList();
    }

    /** The first {@code k} attempts of every webhook-id (counted from now on) are answered 500. */
    public void failFirst(int k) {
        control(Map.of("failFirst", k));
    }

    /** The first attempts of these webhook-ids are answered 500, as many as given; replaces earlier failIds. */
    public void failIds(Map<String, Integer> failures) {
        control(Map.of("failIds", failures));
    }

    /** While on, every attempt is answered 500. */
    public void failAll(boolean on) {
        control(Map.of("failAll", on));
    }

    /** Waits this long before answering each delivery (the attempt is recorded on arrival). */
    public void delayMs(int millis) {
        control(Map.of("delayMs", millis));
    }

    /** Forgets the attempts and the plan: 200 to everything again. */
    public void reset() {
        send("POST", "/reset", "{}");
    }

    private void control(Map<String, ?> change) {
        try {
            send("POST", "/control", JSON.writeValueAsString(change));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String send(String method, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json").build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " to the webhook receiver failed (alive: "
                    + process.isAlive() + "): " + e.getMessage() + "\n" + stderrText(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private String stderrText() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e.getMessage() + ")";
        }
    }

    /** Stops the process; returns its exit value, or -1 if it would not die. */
    private int stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    return -1;
                }
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    /** Stops the receiver; what it printed to stderr goes to System.err if it did not exit cleanly. */
    @Override
    public void close() {
        boolean exitedOnItsOwn = !process.isAlive();
        int exit = stop();
        if (exitedOnItsOwn || exit != 0) {
            System.err.println("webhook receiver exited " + (exitedOnItsOwn ? "before close(), " : "") + "with " + exit
                    + ":\n" + stderrText());
        }
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // a temporary file
        }
    }
}
