package dev.roster.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The per-user codes are a stable API: they must match golden/failure-codes.txt, which mirrors decisions.md. */
class FailureCodeGoldenTest {

    @Test
    void every_per_user_code_is_in_the_golden_list() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/golden/failure-codes.txt")) {
            assertThat(Arrays.stream(FailureCode.values()).map(FailureCode::wire))
                    .containsExactlyElementsOf(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .filter(line -> !line.isBlank() && !line.startsWith("#")).toList());
        }
    }
}
