package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.ApiResponse;
import dev.roster.testing.Eventually;
import dev.roster.testing.RawHttp;
import dev.roster.testing.RosterServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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

    @RegisterExtension
    static final RosterServerExtension GUARDED = new RosterServerExtension(config -> config
            .http(HttpLimits.DEFAULTS.withMaxConnectionsPerClient(8).withHeaderTimeout(Duration.ofSeconds(2)))
            .trustedProxies(List.of("127.0.0.3")));

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

    /** A connection from {@code from} that has had one request answered and now sits idle (keep-alive). */
    private static Socket servedAndIdle(URI base, String from) throws IOException {
        Socket socket = RawHttp.open(base, InetAddress.getByName(from));
        socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(RawHttp.read(socket.getInputStream()).status()).isEqualTo(200);
        return socket;
    }

    /** True if the server closes {@code socket} within {@code millis} without answering. */
    private static boolean closedWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void connections_over_the_per_client_cap_are_closed_at_once_while_another_client_is_served() throws Exception {
        URI base = GUARDED.client().base();
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                held.add(servedAndIdle(base, "127.0.0.2"));
            }
            try (Socket ninth = RawHttp.open(base, InetAddress.getByName("127.0.0.2"))) {
                ninth.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(closedWithin(ninth, 2_000)).as("the ninth connection of 127.0.0.2").isTrue();
            }
            assertThat(healthy(GUARDED).status()).as("a client on 127.0.0.1 meanwhile").isEqualTo(200);
            for (Socket socket : held) {
                assertThat(closedWithin(socket, 50)).as("the eight held ones stay open").isFalse();
            }

            held.remove(0).close();
            Eventually.within(Duration.ofSeconds(5), () -> {
                try (Socket again = servedAndIdle(base, "127.0.0.2")) {
                    assertThat(again.isConnected()).isTrue();
                }
            });
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void a_trusted_proxy_may_hold_more_connections_than_one_client() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                held.add(servedAndIdle(GUARDED.client().base(), "127.0.0.3"));
            }
            assertThat(held).hasSize(12);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void headers_that_trickle_in_are_cut_at_the_header_deadline_though_every_byte_restarts_the_idle_timeout()
            throws Exception {
        try (Socket trickle = RawHttp.open(GUARDED.client().base(), null)) {
            OutputStream out = trickle.getOutputStream();
            out.write("POST /?Action=BatchGetUser&Version=2020-12-01 HTTP/1.1\r\nHost: x\r\nX-Pad: "
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) { // one byte every 250 ms, for up to 10 s
                try {
                    out.write('a');
                    out.flush();
                } catch (IOException closed) {
                    cut = true;
                    break;
                }
                cut = closedWithin(trickle, 250);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(cut).as("cut off").isTrue();
            assertThat(millis).as("at the 2 s header deadline, not at the 30 s idle timeout").isBetween(1_500L, 4_500L);
        }
    }

    @Test
    void an_idle_keep_alive_connection_outlives_the_header_deadline() throws Exception {
        try (Socket idle = servedAndIdle(GUARDED.client().base(), "127.0.0.4")) {
            assertThat(closedWithin(idle, 3_000)).as("idle for longer than the header timeout").isFalse();
            idle.setSoTimeout(5_000);
            idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.read(idle.getInputStream()).status()).isEqualTo(200);
        }
    }
}
