package dev.roster.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The error table is a stable API: every row must match golden/error-table.tsv, which mirrors decisions.md. */
class ErrorTableGoldenTest {

    @Test
    void every_error_has_the_code_coden_and_status_of_the_golden_table() throws IOException {
        List<String> golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/error-table.tsv")) {
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .toList();
        }
        List<String> actual = Arrays.stream(ApiError.values())
                .map(e -> e.code() + "\t" + e.codeN() + "\t" + e.httpStatus())
                .toList();
        assertThat(actual).containsExactlyElementsOf(golden);
    }

    @Test
    void codes_and_coden_values_are_unique_and_coden_is_never_zero() {
        assertThat(Arrays.stream(ApiError.values()).map(ApiError::code)).doesNotHaveDuplicates();
        assertThat(Arrays.stream(ApiError.values()).map(ApiError::codeN)).doesNotHaveDuplicates().doesNotContain(0);
    }
}
