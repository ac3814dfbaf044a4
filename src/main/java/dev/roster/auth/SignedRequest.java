package dev.roster.auth;

import java.util.Locale;
import java.util.Map;

/**
 * The parts of an HTTP request that a signature covers, independent of the HTTP server: method, path,
 * raw query string, headers by lower-case name (repeated headers joined with commas), raw body bytes.
 */
public record SignedRequest(String method, String path, String rawQuery, Map<String, String> headers,
        byte[] body) {

    public SignedRequest {
        headers = Map.copyOf(headers);
    }

    /** The header's value, or {@code null}; the name is matched without regard to case. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
