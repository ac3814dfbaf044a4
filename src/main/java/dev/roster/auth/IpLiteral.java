package dev.roster.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * IP addresses written as literals (a dotted IPv4 quad, or IPv6 with or without brackets), parsed
 * without ever looking a name up: {@code InetAddress.getByName} resolves anything it does not take for
 * a literal, and text from a client must never cause a DNS query.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private IpLiteral() {}

    /** The address {@code text} spells, or {@code null} if it is not an IP literal. */
    public static InetAddress parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        if (t.length() > 2 && t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (IPV4.matcher(t).matches()) {
            byte[] bytes = new byte[4];
            String[] octets = t.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    return null;
                }
                bytes[i] = (byte) octet;
            }
            return byAddress(bytes);
        }
        if (t.length() <= 45 && IPV6.matcher(t).matches()) {
            try {
                // Contains ':', so the JDK parses it as an IPv6 literal and never looks it up.
                return InetAddress.getByName(t);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        return null;
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an address", e);
        }
    }
}
