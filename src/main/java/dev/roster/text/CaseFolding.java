package dev.roster.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Full Unicode case folding (the C and F mappings of Unicode's CaseFolding.txt; what ICU's
 * {@code UCharacter.foldCase(s, FOLD_CASE_DEFAULT)} and Python's {@code str.casefold} do): {@code Straße}
 * and {@code STRASSE} both fold to {@code strasse}, {@code ΣΑΣ} and {@code σας} to {@code σασ}; the Turkish
 * dotless {@code ı} stays itself, {@code İ} becomes {@code i̇}. No normalization is applied.
 *
 * <p>The mappings are a table in the jar, {@code case-folding.txt} (one line per code point that folds to
 * something else), made from ICU and checked against it for every code point by {@code CaseFoldingTest}:
 * ICU itself would be a 15 MB dependency for one function, and the JDK has no full folding
 * ({@code toUpperCase().toLowerCase()} turns {@code ı} into {@code i} and keeps {@code ς} at a word's end).
 */
public final class CaseFolding {
    private static final String TABLE = "case-folding.txt";
    private static final int[] FROM;
    private static final String[] TO;

    static {
        List<Integer> codePoints = new ArrayList<>();
        List<String> folds = new ArrayList<>();
        try (InputStream in = CaseFolding.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the classpath");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(";", 2);
                StringBuilder fold = new StringBuilder(4);
                for (String hex : parts[1].trim().split(" ")) {
                    fold.appendCodePoint(Integer.parseInt(hex, 16));
                }
                codePoints.add(Integer.parseInt(parts[0].trim(), 16));
                folds.add(fold.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FROM = codePoints.stream().mapToInt(Integer::intValue).toArray();
        TO = folds.toArray(String[]::new);
        for (int i = 1; i < FROM.length; i++) {
            if (FROM[i - 1] >= FROM[i]) {
                throw new IllegalStateException(TABLE + " is not in code point order at line for U+"
                        + Integer.toHexString(FROM[i]));
            }
        }
    }

    private CaseFolding() {}

    /** {@code text} under full case folding. */
    public static String fold(String text) {
        int i = 0;
        // Most text is ASCII without capitals: return it as it is, without copying.
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
                break;
            }
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder folded = new StringBuilder(text.length() + 8).append(text, 0, i);
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                folded.append(cp >= 'A' && cp <= 'Z' ? (char) (cp + ('a' - 'A')) : (char) cp);
                continue;
            }
            int at = Arrays.binarySearch(FROM, cp);
            if (at >= 0) {
                folded.append(TO[at]);
            } else {
                folded.appendCodePoint(cp);
            }
        }
        return folded.toString();
    }

    /** How many code points the table maps (for tests). */
    static int size() {
        return FROM.length;
    }
}
