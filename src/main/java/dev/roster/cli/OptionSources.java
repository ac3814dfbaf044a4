package dev.roster.cli;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a {@link Setting} comes from when no flag gives it: its environment variable, else the config
 * file, else (null here) the option's own default. So the precedence is flag > environment > file >
 * default, in this one place. Remembers which source answered, for {@code serve --print-config}.
 */
final class OptionSources implements CommandLine.IDefaultValueProvider {
    static final String FILE = "config file";
    static final String DEFAULT = "default";
    private final Environment env;
    private final ConfigFile file;
    private final Map<String, String> origins = new ConcurrentHashMap<>();

    OptionSources(Environment env, ConfigFile file) {
        this.env = env;
        this.file = file;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        Setting setting = settingOf(arg);
        if (setting == null) {
            return null;
        }
        OptionSpec option = (OptionSpec) arg;
        String fromEnv = Environment.blankToNull(env.get(setting.value()));
        if (fromEnv != null) {
            origins.put(option.longestName(), "environment variable " + setting.value());
            return fromEnv;
        }
        String fromFile = file.get(key(option));
        if (fromFile != null) {
            origins.put(option.longestName(), FILE);
            return fromFile;
        }
        origins.remove(option.longestName());
        return null;
    }

    /** Where the value of {@code option} came from, when no flag gave it: "environment variable …", {@link #FILE} or {@link #DEFAULT}. */
    String origin(OptionSpec option) {
        return origins.getOrDefault(option.longestName(), DEFAULT);
    }

    ConfigFile file() {
        return file;
    }

    /** The {@link Setting} of an option, or null for an option that is not one. */
    static Setting settingOf(ArgSpec arg) {
        return arg.isOption() && arg.userObject() instanceof Field field ? field.getAnnotation(Setting.class) : null;
    }

    /** The config-file key of a setting: its option's name without {@code --}. */
    static String key(OptionSpec option) {
        return option.longestName().substring(2);
    }

    /** The settings of a command, in the order of its options. */
    static List<OptionSpec> settings(CommandSpec command) {
        return command.options().stream().filter(o -> settingOf(o) != null).toList();
    }
}
