package dev.roster.bench;

import dev.roster.auth.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the keys of {@code bench --keys FILE}. A file may mix two forms:
 * <ul>
 *   <li>one key a line: {@code ACCESS_KEY_ID SECRET_ACCESS_KEY [APPID,APPID...|*]};
 *   <li>what {@code roster keys create} prints, appended as is ({@code keys create --apps 7 >> keys.txt}):
 *       {@code AccessKeyId: ...}, {@code SecretAccessKey: ...}, {@code Apps: ...} lines.
 * </ul>
 * Blank lines and lines starting with {@code #} are skipped. No AppIds, or {@code *}, means every AppId.
 * Error messages name the line, never a secret.
 */
public final class KeyFile {
    private KeyFile() {}

    public static List<BenchKey> read(Path file) throws IOException {
        List<BenchKey> keys = new ArrayList<>();
        Block block = null;
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int number = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String label = line.contains(":") ? line.substring(0, line.indexOf(':')).strip() : "";
            String value = line.substring(line.indexOf(':') + 1).strip();
            switch (label) {
                case "AccessKeyId" -> {
                    finish(block, keys, file);
                    block = new Block(number, value);
                }
                case "SecretAccessKey" -> requireBlock(block, number, file).secret = value;
                case "Apps" -> {
                    requireBlock(block, number, file).apps = apps(value, number, file);
                    finish(block, keys, file);
                    block = null;
                }
                default -> {
                    finish(block, keys, file);
                    block = null;
                    keys.add(oneLine(line, number, file));
                }
            }
        }
        finish(block, keys, file);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no access key");
        }
        return keys;
    }

    /** A key being read from the lines {@code roster keys create} prints. */
    private static final class Block {
        final int line;
        final String accessKeyId;
        String secret;
        List<Integer> apps = List.of();

        Block(int line, String accessKeyId) {
            this.line = line;
            this.accessKeyId = accessKeyId;
        }
    }

    private static Block requireBlock(Block block, int number, Path file) {
        if (block == null) {
            throw problem(file, number, "comes before any AccessKeyId line");
        }
        return block;
    }

    private static void finish(Block block, List<BenchKey> keys, Path file) {
        if (block == null) {
            return;
        }
        if (block.secret == null) {
            throw problem(file, block.line, "AccessKeyId has no SecretAccessKey line after it");
        }
        keys.add(key(block.accessKeyId, block.secret, block.apps, block.line, file));
    }

    private static BenchKey oneLine(String line, int number, Path file) {
        String[] fields = line.split("\\s+");
        if (fields.length < 2 || fields.length > 3) {
            throw problem(file, number, "must be ACCESS_KEY_ID SECRET_ACCESS_KEY [APPID,APPID...|*]");
        }
        List<Integer> apps = fields.length == 3 ? apps(fields[2], number, file) : List.of();
        return key(fields[0], fields[1], apps, number, file);
    }

    private static BenchKey key(String accessKeyId, String secret, List<Integer> apps, int number, Path file) {
        try {
            return new BenchKey(new Credentials(accessKeyId, secret), apps);
        } catch (IllegalArgumentException e) {
            throw problem(file, number, e.getMessage());
        }
    }

    private static List<Integer> apps(String text, int number, Path file) {
        if (text.equals("*")) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(",")).map(String::strip).map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw problem(file, number, "AppIds must be integers separated by commas, or *");
        }
    }

    private static IllegalArgumentException problem(Path file, int line, String what) {
        return new IllegalArgumentException(file + ", line " + line + ": " + what);
    }
}
