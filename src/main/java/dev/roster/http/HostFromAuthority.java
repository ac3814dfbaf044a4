package dev.roster.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Gives an HTTP/2 request the {@code Host} header that an HTTP/1.1 request carries. HTTP/2 clients (the JDK's,
 * Go's net/http behind the Go SDK) send the host in the {@code :authority} pseudo-header instead, which RFC 9113
 * (8.3.1) makes equivalent; but the signature covers a header named {@code host}, and without this a signed
 * HTTP/2 request would be refused for missing it. A request that has a {@code Host} header keeps it.
 */
final class HostFromAuthority implements HttpConfiguration.Customizer {

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (request.getConnectionMetaData().getHttpVersion().getVersion() < 20
                || request.getHeaders().contains(HttpHeader.HOST)
                || !request.getHttpURI().hasAuthority()) {
            return request;
        }
        HttpFields headers = HttpFields.build(request.getHeaders())
                .put(HttpHeader.HOST, request.getHttpURI().getAuthority())
                .asImmutable();
        return new Request.Wrapper(request) {
            @Override
            public HttpFields getHeaders() {
                return headers;
            }
        };
    }
}
