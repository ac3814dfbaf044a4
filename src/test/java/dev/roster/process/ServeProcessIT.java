package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterProcess;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/roster.jar serve} as users run it: ready line, health, and a clean SIGTERM. */
class ServeProcessIT {
    @TempDir
    Path dataDir;

    @Test
    void prints_its_url_when_ready_and_answers_health_and_the_api() throws Exception {
        Map<String, String> env = Map.of("ROSTER_REGION", "ap-southeast-1", "ROSTER_LIMITS", "get-users=2,ext-keys=5");
        try (RosterProcess roster = RosterProcess.start(dataDir, env)) {
            assertThat(roster.url().toString()).matches("http://127\\.0\\.0\\.1:\\d+");
            ApiResponse health = roster.client().send("GET", "/healthz", null, Map.of());
            assertThat(health.status()).isEqualTo(200);
            ApiResponse r = roster.client().call("RegisterUsers", "{\"AppId\":1,\"Users\":[{\"UserId\":1}]}");
            assertThat(r.status()).isEqualTo(200);
            ApiResponse unsigned = roster.client().send("POST", "/?Action=BatchGetUser&Version=2020-12-01",
                    new byte[0], Map.of());
            assertThat(unsigned.errorCode()).isEqualTo("MissingAuthenticationToken");
            assertThat(unsigned.metadata().get("Region").asText()).as("ROSTER_REGION").isEqualTo("ap-southeast-1");
            assertThat(roster.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1,2,3]}").errorMessage())
                    .as("ROSTER_LIMITS").isEqualTo("UserIds: must hold 1 to 2 items, got 3");
            assertThat(dataDir.resolve("roster.db")).exists();
            roster.terminate();
            assertThat(roster.waitForExit(30)).isZero();
        }
    }

    @Test
    void sigterm_lets_a_request_in_flight_finish_then_exits_zero() throws Exception {
        try (RosterProcess roster = RosterProcess.start(dataDir, Map.of())) {
            byte[] body = "{\"AppId\":1,\"Users\":[{\"UserId\":7,\"NickName\":\"in flight\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            String target = "/?Action=RegisterUsers&Version=2020-12-01";
            StringBuilder head = new StringBuilder("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + roster.url().getPort() + "\r\nContent-Length: " + body.length + "\r\n");
            new TestSigner(RosterServerExtension.ROOT)
                    .sign("POST", roster.url().resolve(target), Map.of("Content-Type", "application/json"), body)
                    .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            try (Socket socket = new Socket("127.0.0.1", roster.url().getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, 10);
                out.flush();
                Thread.sleep(500); // the request is now inside the server, waiting for the rest of its body

                roster.terminate();
                // Once stopping, Jetty closes connections idle for a second; this one resumes well before.
                assertThat(roster.process().waitFor(300, TimeUnit.MILLISECONDS))
                        .as("still running while a request is in flight").isFalse();

                out.write(body, 10, body.length - 10);
                out.flush();
                String answer = new String(readSome(socket.getInputStream()), StandardCharsets.UTF_8);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("\"Action\":\"RegisterUsers\"");
            }
            assertThat(roster.waitForExit(30)).isZero();
            assertThat(roster.log()).contains("finishing requests in flight").doesNotContain("ERROR");
        }
    }

    private static byte[] readSome(InputStream in) throws Exception {
        byte[] buffer = new byte[4096];
        int n = in.read(buffer);
        return java.util.Arrays.copyOf(buffer, Math.max(n, 0));
    }
}
