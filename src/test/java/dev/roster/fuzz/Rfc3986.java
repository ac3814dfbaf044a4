package dev.roster.fuzz;

import java.nio.charset.StandardCharsets;

/** Percent-encoding of every byte but RFC 3986's unreserved characters, upper-case hex: the SDKs' form. */
final class Rfc3986 {
    private static final String UNRESERVED =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Rfc3986() {}

    static String encode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            if (UNRESERVED.indexOf(b & 0xff) >= 0) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }
}
