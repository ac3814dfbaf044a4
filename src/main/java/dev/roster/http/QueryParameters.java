package dev.roster.http;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * The query string as {@link ApiHandler} reads it: Jetty's decoding (UTF-8, under the connector's URI
 * compliance), refused whole when it is malformed or when Jetty did not read every parameter the
 * signature covers.
 *
 * <p>The count matters because Jetty 12.1 drops, without a word, a last parameter whose name is only a
 * truncated UTF-8 sequence ({@code ...&%E9}), while the signature, decoding as the SDKs do, covers it as
 * {@code U+FFFD}. Such a name is not one Roster acts on, but a query read is exactly the query signed
 * or it is refused: found by {@code QueryFuzzTest}.
 */
public final class QueryParameters {
    private QueryParameters() {}

    /** The parameters of the request's query, or null when the query is malformed. */
    static Fields of(Request request) {
        return read(request.getHttpURI().getQuery(),
                request.getConnectionMetaData().getHttpConfiguration().getUriCompliance());
    }

    /** The parameters of a raw query string, or null when it is malformed. */
    public static Fields read(String rawQuery, UriCompliance compliance) {
        Fields fields = new Fields(true);
        if (rawQuery == null || rawQuery.isEmpty()) {
            return fields;
        }
        int[] read = {0};
        try {
            UrlEncoded.decodeUtf8To(rawQuery, 0, rawQuery.length(), (name, value) -> {
                fields.add(name, value);
                read[0]++;
            }, compliance.allows(UriCompliance.Violation.BAD_PERCENT_ENCODING),
                    compliance.allows(UriCompliance.Violation.BAD_UTF8_ENCODING),
                    compliance.allows(UriCompliance.Violation.TRUNCATED_UTF8_ENCODING));
        } catch (RuntimeException e) {
            return null;
        }
        return read[0] == parts(rawQuery) ? fields : null;
    }

    /** How many parameters the signature sees: the non-empty runs between {@code &}. */
    private static int parts(String rawQuery) {
        int parts = 0;
        boolean inPart = false;
        for (int i = 0; i < rawQuery.length(); i++) {
            boolean separator = rawQuery.charAt(i) == '&';
            if (!separator && !inPart) {
                parts++;
            }
            inPart = !separator;
        }
        return parts;
    }
}
