package dev.roster.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonColumnsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void writesWhatDataBindingWroteAndReadsItBack() throws Exception {
        // Databases written before JsonColumns hold ObjectMapper's text: both must agree byte for byte.
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            List<String> tags = new ArrayList<>();
            Map<String, String> ext = new LinkedHashMap<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                tags.add(randomText(random));
                ext.put(randomText(random), randomText(random));
            }
            String tagsText = JsonColumns.tags(tags);
            String extText = JsonColumns.ext(ext);
            assertThat(tagsText).isEqualTo(MAPPER.writeValueAsString(tags));
            assertThat(extText).isEqualTo(MAPPER.writeValueAsString(ext));
            assertThat(JsonColumns.tags(tagsText)).isEqualTo(tags);
            assertThat(JsonColumns.ext(extText)).containsExactlyEntriesOf(ext);
            assertThat(JsonColumns.ext(extText)).isEqualTo(
                    MAPPER.readValue(extText, new TypeReference<LinkedHashMap<String, String>>() {}));
        }
    }

    @Test
    void emptyColumns() {
        assertThat(JsonColumns.tags(List.of())).isEqualTo("[]");
        assertThat(JsonColumns.ext(Map.of())).isEqualTo("{}");
        assertThat(JsonColumns.tags("[]")).isEmpty();
        assertThat(JsonColumns.ext(" { } ")).isEmpty();
    }

    @Test
    void aCorruptColumnIsAStoreErrorNotAWrongProfile() {
        for (String text : List.of("", "{}", "[1]", "[\"a\"", "[null]", "[[\"a\"]]")) {
            assertThatThrownBy(() -> JsonColumns.tags(text)).as(text).isInstanceOf(StoreException.class);
        }
        for (String text : List.of("", "[]", "{\"a\":1}", "{\"a\":\"b\"", "{\"a\":null}", "{\"a\":{}}")) {
            assertThatThrownBy(() -> JsonColumns.ext(text)).as(text).isInstanceOf(StoreException.class);
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(6);
            text.appendCodePoint(switch (pick) {
                case 0 -> 1 + random.nextInt(0x1f); // control characters, escaped
                case 1 -> "\"\\/'<>&".charAt(random.nextInt(7));
                case 2 -> 0x80 + random.nextInt(0x780);
                case 3 -> 0x1F600 + random.nextInt(0x50); // outside the BMP: surrogate pairs
                default -> 'a' + random.nextInt(26);
            });
        }
        return text.toString();
    }
}
