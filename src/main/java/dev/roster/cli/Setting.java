package dev.roster.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option that is also a setting: when no flag gives it, it is read from its environment
 * variable, else from the config file (key: the option's name without {@code --}), else it takes its
 * default ({@link OptionSources}). The options so marked, with their descriptions and defaults, are the
 * one table of settings: {@code --help} shows it and docs/operations.md's is rendered from it (SettingsTableTest).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Setting {
    /** The environment variable. */
    String value();
}
