package dev.roster.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.roster.client.RosterClient;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How the command-line client prints answers: readable tables, or the Result as JSON with {@code --json}. */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper LINE = new ObjectMapper();

    private Answers() {}

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON value on one line, for output that streams (JSON Lines). */
    static String line(JsonNode node) {
        try {
            return LINE.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The answer of a write: a summary line, or each user's failure (UserId, Code, Message) on stderr.
     * Returns the exit code: 1 if any user failed.
     */
    static int written(RosterClient.Answer answer, int users, String done, boolean asJson, PrintWriter out,
            PrintWriter err) {
        JsonNode failed = answer.result().path("FailedInfos");
        if (asJson) {
            out.println(json(answer.result()));
        } else {
            out.println(done + ": " + (users - failed.size()) + " of " + users + " users");
        }
        if (!failed.isEmpty()) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("UserId", "Code", "Message"));
            for (JsonNode f : failed) {
                rows.add(List.of(f.path("UserId").asText(), f.path("Code").asText(), f.path("Message").asText()));
            }
            err.println(failed.size() + " failed:");
            table(rows, err);
        }
        out.flush();
        err.flush();
        return failed.isEmpty() ? 0 : 1;
    }

    /** BatchGetUser's Result as a table of users and a line of the ids that are not registered. */
    static void users(JsonNode result, PrintWriter out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("UserId", "NickName", "Portrait", "Tags", "Ext", "Robot", "Modified (UTC)"));
        for (JsonNode user : result.path("Users")) {
            List<String> ext = new ArrayList<>();
            user.path("Ext").fields().forEachRemaining(e -> ext.add(e.getKey() + "=" + e.getValue().asText()));
            List<String> tags = new ArrayList<>();
            user.path("Tags").forEach(tag -> tags.add(tag.asText()));
            rows.add(List.of(user.path("UserId").asText(), user.path("NickName").asText(),
                    user.path("Portrait").asText(), String.join(",", tags), String.join(",", ext),
                    user.path("IsRobot").asBoolean() ? "yes" : "no",
                    Instant.ofEpochMilli(user.path("ModifyTime").asLong()).toString()));
        }
        if (rows.size() > 1) {
            table(rows, out);
        }
        JsonNode missing = result.path("NotFoundUsers");
        if (!missing.isEmpty()) {
            List<String> ids = new ArrayList<>();
            missing.forEach(id -> ids.add(id.asText()));
            out.println("not registered: " + String.join(", ", ids));
        }
        out.flush();
    }

    /** Columns padded to their widest cell; control characters shown as '?', so that no value can move the cursor. */
    static void table(List<List<String>> rows, PrintWriter out) {
        new Table(out).print(rows);
    }

    /** The header of {@link #listed}'s rows. */
    static final List<String> LISTED = List.of("UserId", "NickName", "Tags", "Version", "Modified (UTC)");

    /** One user of ListUsers' Result as a row under {@link #LISTED}. */
    static List<String> listed(JsonNode user) {
        List<String> tags = new ArrayList<>();
        user.path("Tags").forEach(tag -> tags.add(tag.asText()));
        return List.of(user.path("UserId").asText(), user.path("NickName").asText(), String.join(",", tags),
                user.path("Version").asText(), Instant.ofEpochMilli(user.path("ModifyTime").asLong()).toString());
    }

    /**
     * A table printed a block of rows at a time, for output too long to hold at once: each column is as
     * wide as its widest cell so far, so columns may widen from one block to the next but never narrow.
     */
    static final class Table {
        private final PrintWriter out;
        private int[] widths;

        Table(PrintWriter out) {
            this.out = out;
        }

        void print(List<List<String>> rows) {
            List<List<String>> shown = rows.stream().map(row -> row.stream().map(Answers::printable).toList()).toList();
            for (List<String> row : shown) {
                if (widths == null) {
                    widths = new int[row.size()];
                }
                for (int i = 0; i < row.size(); i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            for (List<String> row : shown) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.size(); i++) {
                    line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }

    private static String printable(String text) {
        return text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
