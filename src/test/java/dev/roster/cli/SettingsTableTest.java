package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings of {@code serve} are one table, in the code: its options marked {@link Setting}, with their
 * variables, defaults and descriptions. {@code --help} shows them; the table in docs/operations.md is
 * rendered from them and must not drift (on a difference this test prints the table to paste).
 */
class SettingsTableTest {
    private static final String BEGIN = "<!-- settings table: rendered from the code by SettingsTableTest -->\n";
    private static final String END = "<!-- end of settings table -->";

    static String render(CommandSpec serve) {
        StringBuilder table = new StringBuilder();
        table.append("| Flag | Variable | Key in `--config` | Default | Meaning |\n");
        table.append("| --- | --- | --- | --- | --- |\n");
        for (OptionSpec option : OptionSources.settings(serve)) {
            String meaning = String.join(" ", option.description())
                    .replaceAll("\\s*\\(" + OptionSources.settingOf(option).value() + "\\)", "")
                    .replaceAll("\\s*Default: [^\n]*$", "") // the default has a column of its own
                    .replace("|", "\\|")
                    .strip();
            String defaultValue = option.defaultValue() == null ? "–" : "`" + option.defaultValue() + "`";
            table.append("| `").append(option.longestName()).append("` | `")
                    .append(OptionSources.settingOf(option).value()).append("` | `")
                    .append(OptionSources.key(option)).append("` | ").append(defaultValue).append(" | ")
                    .append(meaning).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void the_readme_table_is_the_one_in_the_code() throws IOException {
        CommandSpec serve = Main.commandLine(new Environment(Map.of())).getSubcommands().get("serve").getCommandSpec();
        String expected = render(serve);
        String readme = Files.readString(Path.of("docs/operations.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("docs/operations.md has the markers " + BEGIN.strip() + " and " + END).isNotNegative();
        assertThat(end).isGreaterThan(begin);
        assertThat(readme.substring(begin + BEGIN.length(), end))
                .as("the settings table of docs/operations.md; paste this between the markers:%n%s", expected)
                .isEqualTo(expected);
    }

    @Test
    void every_setting_names_its_variable_in_its_help_and_is_not_a_secret() {
        CommandSpec serve = Main.commandLine(new Environment(Map.of())).getSubcommands().get("serve").getCommandSpec();
        assertThat(OptionSources.settings(serve)).hasSizeGreaterThan(25).allSatisfy(option -> {
            String variable = OptionSources.settingOf(option).value();
            assertThat(String.join(" ", option.description())).as(option.longestName()).contains(variable);
            assertThat(variable).startsWith("ROSTER_").isNotIn(Environment.ROOT_SECRET_KEY, Environment.MASTER_KEY,
                    Environment.DATABASE_PASSWORD);
        });
    }
}
