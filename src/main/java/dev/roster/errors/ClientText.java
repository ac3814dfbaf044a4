package dev.roster.errors;

/** Text that came from a client, made safe to echo in an answer or a log line. */
public final class ClientText {
    private ClientText() {}

    /** Printable ASCII only (anything else becomes '?'), at most {@code max} characters then "...". */
    public static String printable(String text, int max) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }
}
