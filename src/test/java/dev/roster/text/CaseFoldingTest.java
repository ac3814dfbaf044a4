package dev.roster.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.lang.UCharacter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * {@link CaseFolding} against ICU's full case folding, for every code point and for random strings. The
 * table in the jar is generated here: {@code mvn test -Dtest=CaseFoldingTest -Droster.casefolding.write=true}
 * rewrites {@code src/main/resources/dev/roster/text/case-folding.txt} from the ICU on the test classpath.
 */
class CaseFoldingTest {
    private static final Path SOURCE = Path.of("src/main/resources/dev/roster/text/case-folding.txt");

    @Test
    void theTableInTheJarIsWhatIcuSays() throws IOException {
        String expected = table();
        if (Boolean.getBoolean("roster.casefolding.write")) {
            Files.writeString(SOURCE, expected, StandardCharsets.US_ASCII);
        }
        try (InputStream in = CaseFolding.class.getResourceAsStream("case-folding.txt")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII))
                    .as("case-folding.txt is stale; regenerate it (see this class)")
                    .isEqualTo(expected);
        }
    }

    @Test
    void everyCodePointFoldsAsIcuFoldsIt() {
        int differing = 0;
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            String s = new String(Character.toChars(cp));
            String icu = UCharacter.foldCase(s, UCharacter.FOLD_CASE_DEFAULT);
            assertThat(CaseFolding.fold(s)).as("U+%04X", cp).isEqualTo(icu);
            if (!icu.equals(s)) {
                differing++;
            }
        }
        assertThat(CaseFolding.size()).isEqualTo(differing).isGreaterThan(1_400);
    }

    @Test
    void randomTextFoldsAsIcuFoldsIt() {
        Random random = new Random(17);
        int[] pool = {'A', 'z', ' ', '0', 0xDF, 0x130, 0x131, 0x3A3, 0x3C2, 0x1E9E, 0xFB00, 0x1F600, 0x10400, 0x4E2D,
            0x0345, 0x212A, 0x2126, 'I', 'K', 'S', 0x17F};
        for (int n = 0; n < 10_000; n++) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                s.appendCodePoint(random.nextBoolean() ? pool[random.nextInt(pool.length)]
                        : 0x20 + random.nextInt(0x2FFF));
            }
            String text = s.toString().replaceAll("[\\uD800-\\uDFFF](?![\\uDC00-\\uDFFF])", "x");
            assertThat(CaseFolding.fold(text)).isEqualTo(UCharacter.foldCase(text, UCharacter.FOLD_CASE_DEFAULT));
        }
    }

    @Test
    void theCasesTheReadmeNames() {
        assertThat(CaseFolding.fold("STRASSE")).isEqualTo(CaseFolding.fold("Straße")).isEqualTo("strasse");
        assertThat(CaseFolding.fold("ẞ")).isEqualTo("ss");
        assertThat(CaseFolding.fold("ΣΑΣ")).isEqualTo(CaseFolding.fold("σας")).isEqualTo("σασ");
        assertThat(CaseFolding.fold("ı")).isEqualTo("ı"); // dotless i stays
        assertThat(CaseFolding.fold("I")).isEqualTo("i");
        assertThat(CaseFolding.fold("İstanbul")).isEqualTo("i\u0307stanbul");
        assertThat(CaseFolding.fold("😀Ab")).isEqualTo("😀ab");
        assertThat(CaseFolding.fold("plain ascii")).isSameAs("plain ascii".intern());
    }

    /** The table as this ICU makes it: "XXXX; YYYY ZZZZ" for every code point that folds to something else. */
    private static String table() {
        StringBuilder out = new StringBuilder()
                .append("# Full Unicode case folding (C + F), made from ICU ").append(UCharacter.getUnicodeVersion())
                .append(" by CaseFoldingTest; do not edit.\n");
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                continue;
            }
            String s = new String(Character.toChars(cp));
            String folded = UCharacter.foldCase(s, UCharacter.FOLD_CASE_DEFAULT);
            if (!folded.equals(s)) {
                StringJoiner to = new StringJoiner(" ");
                folded.codePoints().forEach(c -> to.add(String.format("%04X", c)));
                out.append(String.format("%04X", cp)).append("; ").append(to).append('\n');
            }
        }
        return out.toString();
    }
}
