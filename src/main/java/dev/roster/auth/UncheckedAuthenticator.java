package dev.roster.auth;

import dev.roster.errors.ApiError;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Set;

/**
 * Accepts every request without checking its signature, for local experiments, as long as it stays on
 * the developer's machine: the {@code Host} must name a loopback address (a DNS-rebinding page names
 * its own host) and an {@code Origin} header, if any, must be this very origin (the request's scheme
 * and its {@code Host}): the console served from it. Browsers send {@code Origin} on every cross-site
 * POST, even a {@code text/plain} one that needs no preflight, so other pages the developer visits are
 * refused, a web server on another local port included. A request that carries an
 * {@code Authorization} header must still have a well-formed one; its credential scope gives the region
 * echoed in the answer.
 * Every caller may use every AppId.
 */
public final class UncheckedAuthenticator implements Authenticator {
    private final String defaultRegion;
    private final Set<String> regions;

    public UncheckedAuthenticator(String defaultRegion, Set<String> regions) {
        this.defaultRegion = defaultRegion;
        this.regions = Set.copyOf(regions);
    }

    @Override
    public Verification begin(RequestHead head) {
        String host = head.header("Host");
        String origin = head.header("Origin");
        if (origin != null && !isOriginOf(origin, head.scheme(), host)) {
            throw ApiError.NO_AUTH.exception("Authentication is off, so requests from web pages other than this"
                    + " server's console (an Origin header of another site) are refused");
        }
        if (!isLoopbackHost(host)) {
            throw ApiError.NO_AUTH.exception("Authentication is off, so only requests addressed to localhost,"
                    + " 127.0.0.0/8 or [::1] are served");
        }
        String authorization = head.header("Authorization");
        Principal principal;
        if (authorization == null) {
            principal = new Principal("", AppScope.ALL, defaultRegion, true);
        } else {
            AuthorizationHeader header = AuthorizationHeader.parse(authorization).requireRegionIn(regions);
            principal = new Principal(header.accessKeyId(), AppScope.ALL, header.region(), true);
        }
        return body -> principal;
    }

    /**
     * True when a {@code Host} header value names a loopback address: {@code localhost}, an IPv4 address
     * in 127.0.0.0/8 or {@code [::1]}, with or without a port. Never resolves a name.
     */
    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        int end = h.startsWith("[") ? h.indexOf(']') + 1 : h.indexOf(':') < 0 ? h.length() : h.indexOf(':');
        if (end <= 0 || !isPortSuffix(h.substring(end))) {
            return false;
        }
        String name = h.substring(0, end);
        if (name.equals("localhost")) {
            return true;
        }
        InetAddress address = IpLiteral.parse(name);
        return address != null && address.isLoopbackAddress() && (name.startsWith("[") || !name.contains(":"));
    }

    /** True when {@code origin} is {@code scheme://host}, exactly (regardless of case). */
    static boolean isOriginOf(String origin, String scheme, String host) {
        return host != null && origin.strip().equalsIgnoreCase(scheme + "://" + host.strip());
    }

    /** Empty, or ':' and a port number. */
    private static boolean isPortSuffix(String suffix) {
        return suffix.isEmpty() || suffix.length() >= 2 && suffix.length() <= 6 && suffix.charAt(0) == ':'
                && suffix.substring(1).chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
