package dev.roster.auth;

import java.util.Locale;
import java.util.Map;

/**
 * What a server knows of a request before its body arrives, independent of the HTTP server: method,
 * path, raw query string, headers by lower-case name (repeated headers joined with commas), and the
 * scheme it came in by ({@code http} or {@code https}).
 */
public record RequestHead(String method, String path, String rawQuery, Map<String, String> headers, String scheme) {

    public RequestHead {
        headers = Map.copyOf(headers);
    }

    /** A request that came in over plain HTTP. */
    public RequestHead(String method, String path, String rawQuery, Map<String, String> headers) {
        this(method, path, rawQuery, headers, "http");
    }

    /** The header's value, or {@code null}; the name is matched without regard to case. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
