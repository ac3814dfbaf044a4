package dev.roster.http;

import dev.roster.auth.SignatureV4;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web console: the static files under {@code console/} in the jar, served at {@code /console/}. The
 * page calls the public API like any client (it signs in the browser); this handler only serves files,
 * read once at start, each under a strict Content-Security-Policy (scripts and styles from this origin
 * only, no inline script, no framing, nothing sent anywhere else) and without a referrer. The page learns
 * two facts from {@code index.html}'s meta tags, filled in here: whether signatures are checked, and the
 * region to sign for. Anything outside {@code /console} passes on.
 */
public final class ConsoleHandler extends Handler.Abstract {
    static final String PATH = "/console";
    /** Every file of the console: nothing else under {@code /console/} is served. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "signer.js", "text/javascript; charset=utf-8",
            "icon.svg", "image/svg+xml");
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record File(byte[] bytes, String type, String etag) {}

    private final Map<String, File> files = new HashMap<>();

    /** Reads the files from the jar; {@code authEnabled} and {@code region} go into the page's meta tags. */
    public ConsoleHandler(boolean authEnabled, String region) {
        FILES.forEach((name, type) -> {
            byte[] bytes = read(name);
            if (name.equals("index.html")) {
                bytes = new String(bytes, StandardCharsets.UTF_8)
                        .replace("{{auth}}", authEnabled ? "on" : "off")
                        .replace("{{region}}", region)
                        .getBytes(StandardCharsets.UTF_8);
            }
            String etag = "\"" + SignatureV4.sha256Hex(bytes).substring(0, 32) + "\"";
            files.put(name, new File(bytes, type, etag));
        });
    }

    private static byte[] read(String name) {
        try (InputStream in = ConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar has no console/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return false;
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            headers.put(HttpHeader.ALLOW, "GET, HEAD");
            return plain(response, callback, 405, "the console is read with GET");
        }
        if (path.equals(PATH)) {
            headers.put(HttpHeader.LOCATION, PATH + "/");
            return plain(response, callback, 308, "moved to " + PATH + "/");
        }
        String name = path.substring(PATH.length() + 1);
        File file = files.get(name.isEmpty() ? "index.html" : name);
        if (file == null) {
            return plain(response, callback, 404, "no such file in the console");
        }
        headers.put(HttpHeader.ETAG, file.etag());
        if (file.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            callback.succeeded();
            return true;
        }
        response.setStatus(200);
        headers.put(HttpHeader.CONTENT_TYPE, file.type());
        headers.put(HttpHeader.CONTENT_LENGTH, file.bytes().length);
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(file.bytes()), callback);
        return true;
    }

    private static boolean plain(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }
}
