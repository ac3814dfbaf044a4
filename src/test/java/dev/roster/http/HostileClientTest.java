package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiResponse;
import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that hold on to the server over real sockets: they are cut off, and everyone else is served. */
class HostileClientTest {
    private static final String HEAD = "POST /?Action=BatchGetUser&Version=2020-12-01 HTTP/1.1\r\nHost: x\r\n";

    @RegisterExtension
    static final RosterServerExtension IMPATIENT = new RosterServerExtension(
            config -> config.http(HttpLimits.DEFAULTS.withIdleTimeout(Duration.ofSeconds(1)).withMaxHeaderBytes(4096)));

    @RegisterExtension
    static final RosterServerExtension CROWDED = new RosterServerExtension(
            config -> config.http(HttpLimits.DEFAULTS.withMaxConnections(4)));

    private static Socket open(URI base) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads until the server closes the connection; returns what it sent and how long that took. */
    private static String untilClosed(Socket socket, long[] millis) throws IOException {
        long started = System.nanoTime();
        InputStream in = socket.getInputStream();
        String sent = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        millis[0] = (System.nanoTime() - started) / 1_000_000;
        return sent;
    }

    private static ApiResponse healthy(RosterServerExtension server) {
        return server.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}");
    }

    @Test
    void a_client_that_sends_half_a_request_and_waits_is_dropped_and_others_are_served_meanwhile() throws Exception {
        try (Socket stalled = open(IMPATIENT.client().base())) {
            OutputStream out = stalled.getOutputStream();
            out.write((HEAD + "Content-Length: 100\r\n\r\n{\"AppId\"").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 5; i++) {
                assertThat(healthy(IMPATIENT).status()).isEqualTo(200);
            }
            long[] millis = new long[1];
            String answer = untilClosed(stalled, millis);
            assertThat(millis[0]).as("dropped after the idle timeout").isLessThan(8_000);
            assertThat(answer).doesNotContain("HTTP/1.1 200");
        }
    }

    @Test
    void a_client_that_connects_and_says_nothing_is_dropped() throws Exception {
        try (Socket silent = open(IMPATIENT.client().base())) {
            long[] millis = new long[1];
            assertThat(untilClosed(silent, millis)).isEmpty();
            assertThat(millis[0]).isBetween(500L, 8_000L);
        }
    }

    @Test
    void headers_over_the_limit_get_431() throws Exception {
        RawHttp.Answer answer = RawHttp.exchange(IMPATIENT.client().base(), HEAD + "X-Pad: " + "p".repeat(5000)
                + "\r\nContent-Length: 0", InputStream.nullInputStream());
        assertThat(answer.status()).isEqualTo(431);
        assertThat(answer.body()).contains("\"Code\":\"RequestTooLarge\"");
    }

    @Test
    void connections_over_the_cap_wait_until_one_is_free() throws Exception {
        URI base = CROWDED.client().base();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(open(base));
            }
            Thread.sleep(300);
            try (Socket fifth = open(base)) {
                fifth.setSoTimeout(1_000);
                fifth.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                boolean answeredWhileFull;
                try {
                    answeredWhileFull = fifth.getInputStream().read() >= 0;
                } catch (SocketTimeoutException waiting) {
                    answeredWhileFull = false;
                }
                assertThat(answeredWhileFull).as("not served while four connections are open").isFalse();

                held.remove(0).close();
                fifth.setSoTimeout(10_000);
                byte[] buffer = new byte[12];
                int n = fifth.getInputStream().readNBytes(buffer, 0, 12);
                assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
