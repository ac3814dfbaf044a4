package dev.roster.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client sends: huge or endless bodies,
 * broken request lines, oversized headers. Reads one response and returns its status line and body.
 */
public final class RawHttp {
    private RawHttp() {}

    public record Answer(int status, String head, String body) {}

    /** Sends {@code head} (request line and headers, without the blank line) then {@code body} in the background. */
    public static Answer exchange(URI base, String head, InputStream body) throws IOException {
        return exchange(base, null, head, body);
    }

    /** As {@link #exchange(URI, String, InputStream)}, from the local address {@code from} (null: any). */
    public static Answer exchange(URI base, InetAddress from, String head, InputStream body) throws IOException {
        try (Socket socket = open(base, from)) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    body.transferTo(out);
                    out.flush();
                } catch (IOException ignored) {
                    // The server may stop reading and close: that is what several tests expect.
                }
            });
            Answer answer = read(socket.getInputStream());
            upload.cancel(true);
            return answer;
        }
    }

    /**
     * A connection to the server from the local address {@code from} (null: any); every 127.0.0.0/8
     * address is local on Linux, so tests can play several clients.
     */
    public static Socket open(URI base, InetAddress from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort(), from, 0);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Reads one response from {@code in}. */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the response head ended: " + headBytes);
            }
            headBytes.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String head = headBytes.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        return new Answer(status, head, new String(body, StandardCharsets.UTF_8));
    }

    /** An input stream of {@code size} bytes of {@code fill}. */
    public static InputStream repeat(byte fill, long size) {
        return new InputStream() {
            private long left = size;

            @Override
            public int read() {
                if (left == 0) {
                    return -1;
                }
                left--;
                return fill;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, fill);
                left -= n;
                return n;
            }
        };
    }
}
