package dev.roster.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML config file for {@code serve}: one key per setting, named as its option without {@code --}.
 * Scalars are taken as written, a list as its items joined by commas, a map ({@code rate-limit},
 * {@code limit}) as {@code key=value} pairs: each becomes the text the option's flag would take, so that
 * a value means the same from a flag, a variable or the file; nothing after a key ({@code null}, an empty
 * list or map) leaves that setting to its default. Secrets are never read from here.
 */
final class ConfigFile {
    /** Keys refused with a pointer to the environment: a config file is not the place for a secret. */
    private static final Map<String, String> SECRETS = Map.of(
            "root-secret-key", Environment.ROOT_SECRET_KEY,
            "root-access-key", Environment.ROOT_ACCESS_KEY,
            "master-key", Environment.MASTER_KEY,
            "database-password", Environment.DATABASE_PASSWORD,
            "webhook-secret", Environment.WEBHOOK_SECRET);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Path path;
    private final Map<String, String> values;

    private ConfigFile(Path path, Map<String, String> values) {
        this.path = path;
        this.values = values;
    }

    static ConfigFile none() {
        return new ConfigFile(null, Map.of());
    }

    /** Reads {@code path}; a missing file, bad YAML or a value of the wrong shape is a {@link ConfigException}. */
    static ConfigFile read(Path path) {
        JsonNode root;
        try {
            root = YAML.readTree(path.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new ConfigException("config file " + path + " does not exist");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config file " + path + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ConfigFile(path, values); // an empty file sets nothing
        }
        if (!root.isObject()) {
            throw new ConfigException("config file " + path + " must be a mapping of settings (key: value)");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            if (SECRETS.containsKey(key)) {
                throw new ConfigException(path + ": '" + key + "' cannot be set in a config file: secrets are read"
                        + " from the environment only (" + SECRETS.get(key) + ")");
            }
            String text = text(path, key, entry.getValue());
            if (text != null) {
                values.put(key, text);
            }
        }
        return new ConfigFile(path, values);
    }

    /** The flag's text for a value; null for nothing ("key:", "key: null", [] or {}), which leaves the default. */
    private static String text(Path path, String key, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        List<String> parts = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                parts.add(scalar(path, key, item));
            }
        } else {
            value.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + scalar(path, key, e.getValue())));
        }
        return parts.isEmpty() ? null : String.join(",", parts);
    }

    private static String scalar(Path path, String key, JsonNode item) {
        if (!item.isValueNode() || item.isNull()) {
            throw new ConfigException(path + ": '" + key + "' may hold only plain values, not " + item);
        }
        String text = item.asText();
        if (text.contains(",")) {
            throw new ConfigException(path + ": '" + key + "' has an item with a comma: " + text);
        }
        return text;
    }

    Path path() {
        return path;
    }

    /** The value of {@code key} as its flag would take it, or null. */
    String get(String key) {
        return values.get(key);
    }

    /** Stops at the first key that names no setting in {@code known}. */
    void checkKeys(java.util.Collection<String> known) {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException(path + ": unknown key '" + key + "'; the keys are the options of serve"
                        + " without '--': " + String.join(", ", known));
            }
        }
    }

    /** A config file that cannot be used: the start stops with this message (exit 2). */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }
}
