package dev.roster.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private final Validator validator = new Validator(Limits.DEFAULTS);

    private static NewProfile nick(String nickName) {
        return new NewProfile(nickName, "", List.of(), Map.of(), false);
    }

    @Test
    void nick_name_is_counted_in_code_points_up_to_100() {
        String emoji = "😀"; // two UTF-16 units, one character
        assertThat(validator.checkNew(nick(emoji.repeat(100)))).isNull();
        assertThat(validator.checkNew(nick("x".repeat(101)))).isEqualTo("NickName: at most 100 characters, got 101");
    }

    @Test
    void portrait_is_limited_to_500_characters() {
        assertThat(validator.checkNew(new NewProfile("", "p".repeat(500), List.of(), Map.of(), false))).isNull();
        assertThat(validator.checkNew(new NewProfile("", "p".repeat(501), List.of(), Map.of(), false)))
                .isEqualTo("Portrait: at most 500 characters, got 501");
    }

    @Test
    void text_must_not_hold_nul_characters() {
        assertThat(validator.checkNew(nick("a\0b"))).isEqualTo("NickName: must not contain U+0000");
    }

    @Test
    void tags_must_not_be_blank_or_longer_than_128_characters() {
        assertThat(validator.checkTags(List.of("ok", " \t"))).isEqualTo("Tags[1]: must not be blank");
        assertThat(validator.checkTags(List.of(""))).isEqualTo("Tags[0]: must not be blank");
        assertThat(validator.checkTags(List.of("t".repeat(128)))).isNull();
        assertThat(validator.checkTags(List.of("t".repeat(129)))).isEqualTo("Tags[0]: at most 128 characters, got 129");
        assertThat(validator.checkTags(List.of(" padded "))).isNull();
    }

    @Test
    void the_tag_limit_counts_distinct_tags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tags.add("t" + i);
            tags.add("t" + i);
        }
        assertThat(validator.checkTags(tags)).isNull();
        tags.add("one-more");
        assertThat(validator.checkTags(tags)).isEqualTo("Tags: at most 100 distinct tags, got 101");
    }

    @Test
    void ext_holds_at_most_20_keys() {
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            ext.put("k" + i, "v");
        }
        assertThat(validator.checkExt(ext)).isNull();
        ext.put("k20", "v");
        assertThat(validator.checkExt(ext)).isEqualTo("Ext: at most 20 keys, got 21");
    }

    @Test
    void ext_keys_are_limited_in_utf8_bytes_and_must_not_be_empty_or_reserved() {
        assertThat(validator.checkExt(Map.of("k".repeat(50), "v"))).isNull();
        assertThat(validator.checkExt(Map.of("é".repeat(25), "v"))).isNull();
        assertThat(validator.checkExt(Map.of("é".repeat(26), "v")))
                .isEqualTo("Ext key \"éééééééééééééééééééééééééé\": at most 50 bytes, got 52");
        assertThat(validator.checkExt(Map.of("", "v"))).isEqualTo("Ext: keys must not be empty");
        assertThat(validator.checkExt(Map.of("s:secret", "v")))
                .isEqualTo("Ext key \"s:secret\": keys starting with \"s:\" are reserved");
    }

    @Test
    void ext_values_are_limited_to_500_utf8_bytes() {
        assertThat(validator.checkExt(Map.of("k", "v".repeat(500)))).isNull();
        assertThat(validator.checkExt(Map.of("k", "中".repeat(167))))
                .isEqualTo("Ext[\"k\"]: value at most 500 bytes, got 501");
    }

    @Test
    void a_long_invalid_key_is_shortened_in_the_message() {
        String message = validator.checkExt(Map.of("x".repeat(1000), "v"));
        assertThat(message).startsWith("Ext key \"" + "x".repeat(32) + "…\"").hasSizeLessThan(100);
    }

    @Test
    void a_patch_checks_only_the_fields_it_sets() {
        assertThat(validator.checkPatch(new ProfilePatch(null, null, null, null))).isNull();
        assertThat(validator.checkPatch(new ProfilePatch(null, "p".repeat(501), null, null)))
                .isEqualTo("Portrait: at most 500 characters, got 501");
        assertThat(validator.checkPatch(new ProfilePatch(null, null, List.of(" "), null)))
                .isEqualTo("Tags[0]: must not be blank");
        assertThat(validator.checkPatch(new ProfilePatch(null, null, null, Map.of("s:x", ""))))
                .isEqualTo("Ext key \"s:x\": keys starting with \"s:\" are reserved");
    }

    @Test
    void limits_are_configurable() {
        Validator strict = new Validator(Limits.DEFAULTS.with(Map.of("nick-name-chars", 3)));
        assertThat(strict.checkNew(nick("abcd"))).isEqualTo("NickName: at most 3 characters, got 4");
    }
}
