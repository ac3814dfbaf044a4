package dev.roster.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.auth.RequestSigner;
import dev.roster.auth.SignatureV4;
import dev.roster.users.Limits;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Registers users 1..N in every AppId of a run before it is measured, so that its updates and gets hit
 * real profiles: RegisterUsers in batches of the default limit (20), spread over the keys that may use
 * each AppId, a few at a time. A throttled batch waits its {@code Retry-After} and is sent again; any
 * other failure stops the run, with the Code and the AppId.
 */
final class Registration {
    private static final int BATCH = Limits.DEFAULTS.registerUsers();
    private static final int PARALLEL = 4;
    private static final int MAX_THROTTLED_TRIES = 60;

    private Registration() {}

    static void run(BenchSettings settings, BenchClient client) throws InterruptedException {
        Map<Integer, List<RequestSigner>> signersByApp = new LinkedHashMap<>();
        for (BenchSettings.Target target : settings.targets()) {
            signersByApp.computeIfAbsent(target.app(), app -> new ArrayList<>())
                    .add(new RequestSigner(target.key().credentials(), settings.region()));
        }
        URI uri = settings.url().resolve("/?Action=RegisterUsers&Version=" + Actions.VERSION);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL, daemon());
        try {
            ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
            int batches = 0;
            for (var entry : signersByApp.entrySet()) {
                List<RequestSigner> signers = entry.getValue();
                for (long first = 1; first <= settings.registeredUsers(); first += BATCH) {
                    long last = Math.min(settings.registeredUsers(), first + BATCH - 1);
                    RequestSigner signer = signers.get(batches % signers.size());
                    byte[] body = body(entry.getKey(), first, last);
                    int app = entry.getKey();
                    done.submit(() -> {
                        register(client, uri, signer, body, app);
                        return null;
                    });
                    batches++;
                }
            }
            for (int i = 0; i < batches; i++) {
                done.take().get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(BenchClient.REQUEST_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Sends one RegisterUsers batch, again after each throttled answer; throws on any other failure. */
    static void register(BenchClient client, URI uri, RequestSigner signer, byte[] body, int app)
            throws InterruptedException {
        String hash = SignatureV4.sha256Hex(body);
        for (int attempt = 1; ; attempt++) {
            var signature = signer.sign("POST", uri, RequestSigner.CONTENT_TYPE, hash, Instant.now());
            BenchClient.Reply reply = client.call(uri, body, signature);
            Answer answer = reply.answer();
            if (answer.ok()) {
                return;
            }
            if (!Answer.THROTTLED.equals(answer.error()) || attempt == MAX_THROTTLED_TRIES) {
                String what = answer.error() != null ? answer.error() : "FailedInfos " + answer.failedUsers();
                throw new IllegalStateException("registering users in AppId " + app + " with access key "
                        + signer.credentials().accessKeyId() + " failed: " + what);
            }
            TimeUnit.SECONDS.sleep(reply.retryAfterSeconds());
        }
    }

    private static byte[] body(int app, long first, long last) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("AppId", app);
        ArrayNode users = body.putArray("Users");
        for (long user = first; user <= last; user++) {
            users.addObject().put("UserId", user).put("NickName", NickNames.REGISTERED);
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static ThreadFactory daemon() {
        return runnable -> {
            Thread thread = new Thread(runnable, "bench-register");
            thread.setDaemon(true);
            return thread;
        };
    }
}
