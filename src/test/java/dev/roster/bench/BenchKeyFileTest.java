package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchKeyFileTest {
    @TempDir
    Path dir;

    private List<BenchKey> read(String text) throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, text);
        return KeyFile.read(file);
    }

    @Test
    void reads_one_key_a_line_with_or_without_app_ids() throws Exception {
        List<BenchKey> keys = read("""
                # bench keys
                AKLTone  secret-one-0001 7,8

                AKLTtwo secret-two-0002
                AKLTthree secret-three-03 *
                """);
        assertThat(keys).extracting(key -> key.credentials().accessKeyId()).containsExactly("AKLTone", "AKLTtwo",
                "AKLTthree");
        assertThat(keys.get(0).apps()).containsExactly(7, 8);
        assertThat(keys.get(0).credentials().secretAccessKey()).isEqualTo("secret-one-0001");
        assertThat(keys.get(1).apps()).as("every AppId").isEmpty();
        assertThat(keys.get(2).apps()).isEmpty();
    }

    @Test
    void reads_what_keys_create_prints_appended_as_is() throws Exception {
        List<BenchKey> keys = read("""
                AccessKeyId:     AKLTfirst
                SecretAccessKey: first-secret-123
                Apps:            3
                AccessKeyId:     AKLTsecond
                SecretAccessKey: second-secret-45
                Apps:            *
                AKLTthird third-secret-678 9
                """);
        assertThat(keys).extracting(key -> key.credentials().accessKeyId()).containsExactly("AKLTfirst",
                "AKLTsecond", "AKLTthird");
        assertThat(keys.get(0).apps()).containsExactly(3);
        assertThat(keys.get(1).apps()).isEmpty();
        assertThat(keys.get(2).apps()).containsExactly(9);
    }

    @Test
    void a_bad_line_is_named_and_its_secret_never_shown() {
        assertThatThrownBy(() -> read("AKLTok ok-secret-1234\nAKLTbad short\n"))
                .hasMessageContaining("line 2").hasMessageContaining("at least 8 characters")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> read("AKLTx secret-x-1234 1,two\n"))
                .hasMessageContaining("line 1: AppIds must be integers").hasMessageNotContaining("secret-x");
        assertThatThrownBy(() -> read("AKLTx secret-x-1234 0\n")).hasMessageContaining("line 1: AppIds are integers");
        assertThatThrownBy(() -> read("AccessKeyId: AKLTy\nApps: 1\n"))
                .hasMessageContaining("line 1: AccessKeyId has no SecretAccessKey line");
        assertThatThrownBy(() -> read("SecretAccessKey: lonely-secret\n"))
                .hasMessageContaining("line 1: comes before any AccessKeyId").hasMessageNotContaining("lonely");
        assertThatThrownBy(() -> read("# nothing\n")).hasMessageContaining("holds no access key");
    }
}
