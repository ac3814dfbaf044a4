package dev.roster.http;

import dev.roster.auth.IpLiteral;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * Who a request comes from: the peer's address, or, when the peer is one of the trusted proxies, the
 * address it forwarded. The forwarded chain ({@code Forwarded: for=...}, else {@code X-Forwarded-For})
 * is read from the right, skipping trusted proxies, and the first address that is not one is the
 * client (an unreadable entry ends the walk at the last address read): a client can put anything at
 * the left of the chain, but cannot forge what a trusted proxy appended. Jetty's
 * {@code ForwardedRequestCustomizer} trusts every peer, so this is done here.
 */
public final class ClientAddresses {
    private final InetAddressSet trusted = new InetAddressSet();

    /** {@code trustedProxies}: addresses and CIDR blocks, e.g. {@code 10.0.0.0/8}; empty trusts none. */
    public ClientAddresses(List<String> trustedProxies) {
        for (String proxy : trustedProxies) {
            String block = proxy.strip();
            int slash = block.indexOf('/');
            if (IpLiteral.parse(slash < 0 ? block : block.substring(0, slash)) == null) {
                throw new IllegalArgumentException("a trusted proxy must be an IP address or a CIDR block such as"
                        + " 10.0.0.0/8, got '" + proxy + "'");
            }
            try {
                trusted.add(block);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a CIDR block: '" + proxy + "'", e);
            }
        }
    }

    public boolean isTrustedProxy(InetAddress address) {
        return !trusted.isEmpty() && trusted.test(address);
    }

    /** The client's address, as text. */
    String of(Request request) {
        return of(request.getConnectionMetaData().getRemoteSocketAddress(), request.getHeaders());
    }

    /** The client's address, as text, from the peer's address and the request headers. */
    String of(SocketAddress remote, HttpFields headers) {
        if (!(remote instanceof InetSocketAddress peer) || peer.getAddress() == null) {
            return String.valueOf(remote);
        }
        InetAddress client = peer.getAddress();
        if (isTrustedProxy(client)) {
            List<String> chain = forwardedChain(headers);
            for (int i = chain.size() - 1; i >= 0 && isTrustedProxy(client); i--) {
                InetAddress hop = IpLiteral.parse(withoutPort(chain.get(i)));
                if (hop == null) {
                    break;
                }
                client = hop;
            }
        }
        return client.getHostAddress();
    }

    /** The forwarded addresses, leftmost (farthest) first. */
    private static List<String> forwardedChain(HttpFields headers) {
        List<String> chain = new ArrayList<>();
        boolean standard = headers.contains(HttpHeader.FORWARDED);
        for (HttpField field : headers) {
            if (standard && field.getHeader() == HttpHeader.FORWARDED) {
                for (String element : field.getValue().split(",")) {
                    chain.add(forParameter(element));
                }
            } else if (!standard && field.getHeader() == HttpHeader.X_FORWARDED_FOR) {
                for (String hop : field.getValue().split(",")) {
                    chain.add(hop.strip());
                }
            }
        }
        return chain;
    }

    /** The {@code for=} value of one {@code Forwarded} element, unquoted; empty if it has none. */
    private static String forParameter(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                String value = pair.substring(eq + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return "";
    }

    /** {@code 1.2.3.4:80} → {@code 1.2.3.4}, {@code [::1]:80} → {@code [::1]}; bare IPv6 stays whole. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(0, end + 1);
        }
        int colon = hop.indexOf(':');
        return colon >= 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
