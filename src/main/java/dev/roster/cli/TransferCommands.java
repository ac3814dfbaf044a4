package dev.roster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.api.UserFile;
import dev.roster.client.RosterClient;
import dev.roster.store.Profile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster export} (a store, read-only, or the API's ListUsers, to NDJSON) and {@code roster import} (NDJSON
 * through the API).
 */
final class TransferCommands {
    private static final int PAGE = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TransferCommands() {}

    @Command(name = "export", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Write every user of an app as NDJSON, one user per line with every field: read straight"
                    + " from the data directory or database (read-only; a server may be running), or with --endpoint"
                    + " (or ROSTER_ENDPOINT, when no --data-dir, --database-url or their variables are given) through"
                    + " the API (ListUsers), with an access key only.")
    static final class Export implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Main main;

        @Mixin
        private StoreOptions store;

        @Mixin
        private ClientOptions client;

        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Option(names = {"--to", "--out"}, paramLabel = "FILE",
                description = "Write to this file (whole, or not at all) instead of stdout.")
        private Path target;

        @Override
        public Integer call() throws IOException, InterruptedException {
            boolean throughApi = throughApi();
            PrintWriter err = spec.commandLine().getErr();
            // Written beside the file and moved over it at the end: an export that stops leaves no file that looks whole.
            Path part = target == null ? null : Files.createTempFile(target.toAbsolutePath().getParent(),
                    target.getFileName() + ".", ".part");
            Writer out = part == null ? spec.commandLine().getOut() : Files.newBufferedWriter(part);
            // On a terminal, and only when the users go to a file: on stdout the count would mix with them.
            Tally tally = new Tally(err, part != null && System.console() != null, System::nanoTime);
            try {
                Consumer<String> write = line -> {
                    write(out, line + "\n");
                    tally.add();
                };
                if (throughApi) {
                    new UserWalk(client, main.env(), UserWalk.MAX_PAGE).walk(UserWalk.Query.everyone(appId),
                            Long.MAX_VALUE, user -> write.accept(fileLine(user)));
                } else {
                    exportStore(write);
                }
                out.flush();
                if (part != null) {
                    out.close();
                    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            } finally {
                tally.end();
                if (part != null) {
                    out.close();
                    Files.deleteIfExists(part);
                }
            }
            err.println("exported " + tally.users() + " users of app " + appId + (target == null ? "" : " to " + target)
                    + (throughApi ? " from " + client.endpoint : ""));
            err.flush();
            return 0;
        }

        /**
         * Through the API when {@code --endpoint} is given, or {@code ROSTER_ENDPOINT} and no store is named by
         * flag or variable (so a shell that names both goes on exporting from its store, as before).
         */
        private boolean throughApi() {
            CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
            boolean storeFlag = parsed.hasMatchedOption("--data-dir") || parsed.hasMatchedOption("--database-url");
            if (parsed.hasMatchedOption("--endpoint")) {
                if (storeFlag) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--endpoint exports through the API,"
                            + " --data-dir and --database-url from a store: give one of them");
                }
                return true;
            }
            return !storeFlag && !fromVariable("--data-dir") && !fromVariable("--database-url")
                    && fromVariable("--endpoint");
        }

        private static String fileLine(JsonNode user) {
            try {
                return UserFile.line(user);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("ListUsers answered " + e.getMessage());
            }
        }

        private boolean fromVariable(String option) {
            return !main.sources().origin(spec.findOption(option)).equals(OptionSources.DEFAULT);
        }

        private void exportStore(Consumer<String> write) {
            UsersCommand.withUsers(store, main.env(), service -> {
                for (List<Profile> page = service.list(appId, 0, PAGE); !page.isEmpty();
                        page = service.list(appId, page.get(page.size() - 1).userId(), PAGE)) {
                    page.forEach(profile -> write.accept(UserFile.line(profile)));
                }
                return null;
            });
        }

        private static void write(Writer out, String text) {
            try {
                out.write(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** "exported N users..." on stderr, rewritten in place at most four times a second on a terminal; nothing otherwise. */
    static final class Tally {
        static final long EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
        private final PrintWriter err;
        private final boolean terminal;
        private final LongSupplier nanoTime;
        private long users;
        private long shownAt;
        private int shownLength;

        Tally(PrintWriter err, boolean terminal, LongSupplier nanoTime) {
            this.err = err;
            this.terminal = terminal;
            this.nanoTime = nanoTime;
        }

        void add() {
            users++;
            if (terminal) {
                long now = nanoTime.getAsLong();
                if (shownLength == 0 || now - shownAt >= EVERY_NANOS) {
                    String text = "exported " + users + " users...";
                    err.print("\r" + text);
                    err.flush();
                    shownAt = now;
                    shownLength = text.length();
                }
            }
        }

        long users() {
            return users;
        }

        /** Clears the line, for the summary that follows. */
        void end() {
            if (shownLength > 0) {
                err.print("\r" + " ".repeat(shownLength) + "\r");
                err.flush();
                shownLength = 0;
            }
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Register the users of an NDJSON file (as roster export writes it) through the API, in"
                    + " batches, waiting as Retry-After asks; a checkpoint beside the file lets --resume skip what"
                    + " is done.")
    static final class Import implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private Main main;

        @Mixin
        private ClientOptions client;

        @Parameters(index = "0", paramLabel = "FILE", description = "The NDJSON file.")
        private Path file;

        @Option(names = "--resume", description = "Skip the lines the checkpoint (FILE.checkpoint) says are done.")
        private boolean resume;

        @Option(names = "--batch", paramLabel = "N", defaultValue = "20",
                description = "Users per RegisterUsers call, 1 to 20. Default: ${DEFAULT-VALUE}")
        private int batch;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (batch < 1 || batch > 20) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--batch must be from 1 to 20, got " + batch);
            }
            List<UserFile.Line> lines;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                lines = UserFile.read(in);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(file + ": " + e.getMessage() + "; nothing was imported");
            }
            Path checkpoint = file.resolveSibling(file.getFileName() + ".checkpoint");
            int doneThrough = resume && Files.exists(checkpoint) ? checkpointed(checkpoint) : 0;
            PrintWriter err = spec.commandLine().getErr();
            Progress progress = new Progress(err, lines.size(), System.console() != null);
            long started = System.nanoTime();
            int skipped = 0;
            int failed = 0;
            List<UserFile.Line> pending = new ArrayList<>();
            for (UserFile.Line line : lines) {
                if (line.number() <= doneThrough) {
                    skipped++;
                    continue;
                }
                if (!pending.isEmpty() && (pending.size() == batch || pending.get(0).appId() != line.appId())) {
                    failed += send(pending, checkpoint, err);
                    progress.advance(pending.size());
                    pending.clear();
                }
                pending.add(line);
            }
            if (!pending.isEmpty()) {
                failed += send(pending, checkpoint, err);
                progress.advance(pending.size());
            }
            progress.end();
            Files.deleteIfExists(checkpoint);
            int sent = lines.size() - skipped;
            spec.commandLine().getOut().printf("imported %s: %d users sent, %d registered, %d failed, %d skipped"
                            + " (done before, --resume), in %.1f s%n", file, sent, sent - failed, failed, skipped,
                    (System.nanoTime() - started) / 1e9);
            spec.commandLine().getOut().flush();
            return failed == 0 ? 0 : 1;
        }

        private static int checkpointed(Path checkpoint) throws IOException {
            String text = Files.readString(checkpoint).strip();
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new CommandFailure(checkpoint + " is not a checkpoint of roster import (it holds '"
                        + text.substring(0, Math.min(20, text.length())) + "'); delete it to import from the start");
            }
        }

        /** One batch, sent again after Retry-After while throttled; returns the users that failed. */
        private int send(List<UserFile.Line> lines, Path checkpoint, PrintWriter err)
                throws IOException, InterruptedException {
            ObjectNode body = JSON.createObjectNode().put("AppId", lines.get(0).appId());
            ArrayNode users = body.putArray("Users");
            lines.forEach(line -> users.add(line.registerItem()));
            RosterClient.Answer answer = client.sendWaiting(client.client(main.env()), "RegisterUsers", Actions.VERSION,
                    UserCalls.bytes(body));
            if (answer.errorCode() != null) {
                throw new CommandFailure("lines " + lines.get(0).number() + " to " + lines.get(lines.size() - 1).number()
                        + ": " + answer.errorCode() + ": " + answer.errorMessage() + "; the lines before are done,"
                        + " run again with --resume to go on");
            }
            var failures = answer.result().path("FailedInfos");
            for (var failure : failures) {
                long userId = failure.path("UserId").asLong();
                int number = lines.stream().filter(l -> l.userId() == userId).findFirst().map(UserFile.Line::number).orElse(0);
                err.println("line " + number + ": user " + userId + ": " + failure.path("Code").asText() + ": "
                        + failure.path("Message").asText());
            }
            // The checkpoint moves only past lines the server has answered for.
            Path next = checkpoint.resolveSibling(checkpoint.getFileName() + ".tmp");
            Files.writeString(next, Integer.toString(lines.get(lines.size() - 1).number()));
            Files.move(next, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return failures.size();
        }
    }

    /** A bar redrawn in place on a terminal; nothing otherwise (the summary line says it all). */
    private static final class Progress {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final int total;
        private final boolean terminal;
        private int done;

        Progress(PrintWriter err, int total, boolean terminal) {
            this.err = err;
            this.total = total;
            this.terminal = terminal;
        }

        void advance(int users) {
            done += users;
            if (terminal && total > 0) {
                int filled = (int) ((long) WIDTH * done / total);
                err.print("\rimporting [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + total);
                err.flush();
            }
        }

        void end() {
            if (terminal && done > 0) {
                err.println();
                err.flush();
            }
        }
    }
}
