package dev.roster.http;

import dev.roster.errors.ApiError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body into memory, refusing it with {@code RequestTooLarge} as soon as it is known to
 * exceed the limit: from {@code Content-Length} before reading anything, or while reading a body of
 * unknown length, so that no more than the limit is ever buffered.
 */
final class BodyReader {
    private static final int CHUNK = 8192;

    private BodyReader() {}

    static byte[] read(Request request, long maxBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : CHUNK);
        byte[] chunk = new byte[CHUNK];
        // Not closed on purpose: closing before the end would fail the request, and with it the answer.
        InputStream in = Content.Source.asInputStream(request);
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (body.size() + (long) n > maxBytes) {
                throw tooLarge(maxBytes);
            }
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }

    /**
     * Reads and drops what is left of a refused body whose {@code Content-Length} is at most
     * {@code capBytes}, so that a client that only reads the answer once it has sent everything still
     * gets it (closing on unread bytes would reset the connection and lose the answer). A body of
     * unknown length is not drained: it may never end. Returns false when nothing or not all was drained.
     */
    static boolean discardRest(Request request, long capBytes) {
        long declared = request.getLength();
        if (declared < 0 || declared > capBytes) {
            return false;
        }
        byte[] chunk = new byte[CHUNK];
        long total = 0;
        try {
            InputStream in = Content.Source.asInputStream(request);
            int n;
            while ((n = in.read(chunk)) != -1) {
                total += n;
                if (total > capBytes) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static RuntimeException tooLarge(long maxBytes) {
        return ApiError.REQUEST_TOO_LARGE.exception("The request body exceeds " + maxBytes + " bytes");
    }
}
