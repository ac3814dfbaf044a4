package dev.roster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.auth.Credentials;
import dev.roster.auth.RequestSigner;
import dev.roster.client.RosterClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/**
 * Where the command-line client sends its calls and with which key. The key is found as the Volcengine
 * SDKs find theirs: {@code VOLC_ACCESSKEY} and {@code VOLC_SECRETKEY}, else {@code ~/.volc/config}
 * ({@code {"ak": "…", "sk": "…"}}).
 */
final class ClientOptions {
    static final String ACCESS_KEY = "VOLC_ACCESSKEY";
    static final String SECRET_KEY = "VOLC_SECRETKEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Setting("ROSTER_ENDPOINT")
    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "Roster's base URL (ROSTER_ENDPOINT). Default: ${DEFAULT-VALUE}")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION", defaultValue = "cn-north-1",
            description = "The region requests are signed for. Default: ${DEFAULT-VALUE}")
    String region;

    @Option(names = "--json", description = "Print the answer's Result as JSON, for scripts, instead of a table.")
    boolean json;

    RosterClient client(Environment env) {
        return new RosterClient(endpoint, new RequestSigner(credentials(env), region), Clock.systemUTC());
    }

    static Credentials credentials(Environment env) {
        String ak = Environment.blankToNull(env.get(ACCESS_KEY));
        String sk = Environment.blankToNull(env.get(SECRET_KEY));
        if (ak != null && sk != null) {
            return key(ak, sk, ACCESS_KEY + " and " + SECRET_KEY);
        }
        if (ak != null || sk != null) {
            throw new CommandFailure(ACCESS_KEY + " and " + SECRET_KEY + " must be set together");
        }
        String home = Environment.blankToNull(env.get("HOME"));
        Path config = Path.of(home == null ? System.getProperty("user.home") : home, ".volc", "config");
        if (!Files.isRegularFile(config)) {
            throw new CommandFailure("no access key: set " + ACCESS_KEY + " and " + SECRET_KEY + ", or write them to "
                    + config + " as {\"ak\": \"...\", \"sk\": \"...\"}");
        }
        try {
            JsonNode file = JSON.readTree(config.toFile());
            String fileAk = file == null ? null : Environment.blankToNull(file.path("ak").asText(null));
            String fileSk = file == null ? null : Environment.blankToNull(file.path("sk").asText(null));
            if (fileAk == null || fileSk == null) {
                throw new CommandFailure(config + " must hold {\"ak\": \"...\", \"sk\": \"...\"}");
            }
            return key(fileAk, fileSk, config.toString());
        } catch (IOException e) {
            throw new CommandFailure(config + " is not JSON of the form {\"ak\": \"...\", \"sk\": \"...\"}");
        }
    }

    /** The key, checked as the server checks keys: one it could never accept is said in one line, naming its source. */
    private static Credentials key(String ak, String sk, String source) {
        try {
            return new Credentials(ak, sk);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(source + ": " + e.getMessage());
        }
    }

    /** One call; no answer, or an answer with an error, is a {@link CommandFailure} naming Code and Message. */
    RosterClient.Answer call(Environment env, String action, String version, byte[] body) {
        return checked(send(env, action, version, body));
    }

    /** One call, its answer whatever it says; no answer is a {@link CommandFailure}. */
    RosterClient.Answer send(Environment env, String action, String version, byte[] body) {
        return send(client(env), action, version, body);
    }

    /** The same through {@code client}: a command that makes many calls makes one client, and so reuses its connections. */
    RosterClient.Answer send(RosterClient client, String action, String version, byte[] body) {
        try {
            return client.call(action, version, body);
        } catch (IOException e) {
            throw new CommandFailure("no answer from " + endpoint + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /**
     * One call through {@code client}, sent again after the {@code Retry-After} it is told while throttled
     * ({@code FlowLimitExceeded}); its last answer whatever it says.
     */
    RosterClient.Answer sendWaiting(RosterClient client, String action, String version, byte[] body)
            throws InterruptedException {
        RosterClient.Answer answer = send(client, action, version, body);
        while ("FlowLimitExceeded".equals(answer.errorCode())) {
            TimeUnit.SECONDS.sleep(Math.max(1, answer.retryAfterSeconds()));
            answer = send(client, action, version, body);
        }
        return answer;
    }

    /** {@code answer}, unless it carries an error: then a {@link CommandFailure} naming Code, Message and RequestId. */
    static RosterClient.Answer checked(RosterClient.Answer answer) {
        if (answer.errorCode() != null) {
            throw new CommandFailure(answer.errorCode() + ": " + answer.errorMessage() + " (RequestId "
                    + answer.requestId() + ")");
        }
        return answer;
    }
}
