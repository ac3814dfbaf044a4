package dev.roster.fuzz;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 from one loopback address to the server: a kept-alive connection for ordinary requests, or a
 * connection per raw request whose sending side is closed once the bytes are out. Written by hand (no
 * client library sends malformed requests or lets a test choose the source address).
 */
final class LoopbackHttp implements Closeable {
    /**
     * Generous: the first requests of a fuzzing run load and instrument hundreds of classes, which once
     * took more than 10 s on a busy 2-core machine; a request the server never answers still fails.
     */
    private static final int READ_TIMEOUT_MS = 30_000;
    /** Well under the server's idle timeout, so that a kept-alive connection is never found closed. */
    private static final long MAX_IDLE_NANOS = 5_000_000_000L;

    /** One response: status, headers by lower-case name, body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final InetAddress local;
    private final int port;
    private Socket socket;
    private InputStream in;
    private long lastUsed;
    private byte[] lastRequest;
    private byte[] previousRequest = new byte[0];

    LoopbackHttp(InetAddress local, int port) {
        this.local = local;
        this.port = port;
    }

    /**
     * Sends one well-framed request on the kept-alive connection and reads its answer. Fails if bytes are
     * waiting before the request is sent: the server answered the previous request more than once.
     */
    Answer exchange(byte[] request) throws IOException {
        if (socket != null && in.available() > 0) {
            byte[] extra = new byte[in.available()];
            int n = in.read(extra);
            close();
            throw new AssertionError("more than one answer to one request (base64: "
                    + Base64.getEncoder().encodeToString(lastRequest) + "): "
                    + new String(lastRequest, StandardCharsets.ISO_8859_1) + "\nthen: "
                    + new String(extra, 0, n, StandardCharsets.ISO_8859_1));
        }
        if (socket != null && System.nanoTime() - lastUsed > MAX_IDLE_NANOS) {
            close();
        }
        previousRequest = lastRequest == null ? new byte[0] : lastRequest;
        lastRequest = request;
        boolean reused = socket != null;
        if (socket == null) {
            socket = connect();
            in = new BufferedInputStream(socket.getInputStream());
        }
        try {
            socket.getOutputStream().write(request);
            Answer answer = read(in);
            if (answer == null) {
                throw new EOFException("the server closed the " + (reused ? "kept-alive" : "new")
                        + " connection without answering " + new String(request, StandardCharsets.ISO_8859_1)
                        + "\n(the request before: " + previousRequest() + ")");
            }
            lastUsed = System.nanoTime();
            if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
                close();
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The request sent before the last one on this lane, as text (for diagnosis). */
    String previousRequest() {
        return new String(previousRequest, StandardCharsets.ISO_8859_1);
    }

    /** Sends one request on a connection of its own, so that what an earlier request did to a connection cannot matter. */
    Answer exchangeOnce(byte[] request) throws IOException {
        close();
        try {
            return exchange(request);
        } finally {
            close();
        }
    }

    /** Sends raw bytes on a fresh connection, closes the sending side, and reads answers until the server closes. */
    List<Answer> exchangeRaw(byte[] bytes) throws IOException {
        List<Answer> answers = new ArrayList<>();
        try (Socket raw = connect()) {
            raw.getOutputStream().write(bytes);
            raw.shutdownOutput();
            InputStream rawIn = new BufferedInputStream(raw.getInputStream());
            Answer answer;
            while ((answer = read(rawIn)) != null) {
                answers.add(answer);
                if ("close".equalsIgnoreCase(answer.headers().get("connection"))) {
                    break;
                }
            }
        }
        return answers;
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSoTimeout(READ_TIMEOUT_MS);
        s.bind(new InetSocketAddress(local, 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), READ_TIMEOUT_MS);
        return s;
    }

    /** One answer (interim 1xx answers skipped), or null when the server closed before a new one began. */
    private static Answer read(InputStream in) throws IOException {
        while (true) {
            String head = readHead(in);
            if (head == null) {
                return null;
            }
            String[] lines = head.split("\r\n");
            if (!lines[0].matches("HTTP/1\\.[01] \\d{3}( .*)?")) {
                throw new IOException("not an HTTP/1.x status line: " + lines[0]);
            }
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
                        (a, b) -> a + "," + b);
            }
            if (status >= 100 && status < 200) {
                continue;
            }
            byte[] body;
            if (status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = readChunked(in);
            } else if (headers.containsKey("content-length")) {
                body = readExactly(in, Integer.parseInt(headers.get("content-length")));
            } else {
                body = in.readAllBytes();
            }
            return new Answer(status, headers, body);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("the connection closed inside a response head: " + head);
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1).substring(0, head.size() - 4);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(readExactly(in, size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new EOFException("the connection closed inside a chunked body");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readExactly(InputStream in, int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("the connection closed inside a body of " + length + " bytes");
        }
        return bytes;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
            socket = null;
            in = null;
        }
    }
}
