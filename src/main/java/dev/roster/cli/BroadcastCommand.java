package dev.roster.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.client.RosterClient;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster broadcast send|list|recipients}: UserBroadcast, ListBroadcasts and ListBroadcastRecipients
 * through the API, signed with the caller's key.
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true, usageHelpWidth = 100,
        description = "Send a broadcast (UserBroadcast), list an app's broadcasts, print a broadcast's audience.",
        subcommands = {BroadcastCommand.Send.class, BroadcastCommand.ListBroadcasts.class,
            BroadcastCommand.Recipients.class})
final class BroadcastCommand implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LIST = "ListBroadcasts";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private Main main;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: send, list or recipients");
    }

    /** Every page of {@code action} for {@code body}, each page's {@code field} elements to {@code each}. */
    private static void walk(ClientOptions client, RosterClient http, String action, ObjectNode body, String field,
            Consumer<JsonNode> each) throws InterruptedException {
        while (true) {
            JsonNode result = ClientOptions.checked(client.sendWaiting(http, action, Actions.ROSTER_VERSION,
                    UserCalls.bytes(body))).result();
            result.path(field).forEach(each);
            if (!result.has("NextCursor")) {
                return;
            }
            body.put("Cursor", result.path("NextCursor").asText());
        }
    }

    /** The broadcast of the UserBroadcast call {@code requestId}, looked up among the app's newest. */
    private static JsonNode find(ClientOptions client, RosterClient http, int appId, String requestId) {
        ObjectNode body = JSON.createObjectNode().put("AppId", appId).put("Limit", 1000);
        for (JsonNode b : ClientOptions.checked(client.send(http, LIST, Actions.ROSTER_VERSION,
                UserCalls.bytes(body))).result().path("Broadcasts")) {
            if (b.path("RequestId").asText().equals(requestId)) {
                return b;
            }
        }
        throw new CommandFailure("the broadcast was accepted (RequestId " + requestId
                + ") but is not among the app's newest 1000");
    }

    private static List<String> row(JsonNode b) {
        List<String> tags = new ArrayList<>();
        b.path("Tags").forEach(t -> tags.add(t.asText()));
        String audience = tags.isEmpty() ? "everyone"
                : (b.path("TagOp").asInt() == 1 ? "all of " : "any of ") + String.join(", ", tags);
        String content = b.path("Content").asText();
        return List.of(b.path("BroadcastId").asText(), b.path("Status").asText(),
                b.has("AudienceSize") ? Long.toString(b.path("AudienceSize").asLong()) : "-", audience,
                Instant.ofEpochMilli(b.path("CreateTime").asLong()).toString(),
                content.codePointCount(0, content.length()) > 40
                        ? content.substring(0, content.offsetByCodePoints(0, 39)) + "…" : content);
    }

    private static final List<String> HEADER = List.of("BroadcastId", "Status", "Audience", "Tags", "Created (UTC)",
            "Content");

    @Command(name = "send", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Send a broadcast (UserBroadcast) to the users with any (or --all) of the tags, or to every"
                    + " registered user of the app without --tag; print its BroadcastId, and with --wait its"
                    + " audience's size once ready. Roster delivers nothing: your sender does, from the"
                    + " broadcast.ready event.")
    static final class Send implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private BroadcastCommand parent;

        @Mixin
        private ClientOptions client;

        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Option(names = "--sender", required = true, paramLabel = "USER_ID", description = "The sending user.")
        private long sender;

        @Option(names = "--ttl", required = true, paramLabel = "SECONDS",
                description = "How long the message lives (MsgTTL), 1 to 604800 s.")
        private long ttl;

        @Option(names = "--type", required = true, paramLabel = "N", description = "The message type (MsgType).")
        private int type;

        @Option(names = "--content", required = true, paramLabel = "TEXT", description = "The message (Content).")
        private String content;

        @Option(names = "--tag", paramLabel = "TAG", description = "An audience tag; repeatable.")
        private List<String> tags = new ArrayList<>();

        @Option(names = "--all", description = "Users with all the tags (TagOp 1), not any of them.")
        private boolean all;

        @Option(names = "--inbox-type", paramLabel = "N", defaultValue = "0", description = "InboxType, default 0.")
        private int inboxType;

        @Option(names = "--ext", paramLabel = "KEY=VALUE", description = "An Ext entry; repeatable.")
        private Map<String, String> ext = new LinkedHashMap<>();

        @Option(names = "--wait", description = "Wait until the audience is ready and print its size.")
        private boolean await;

        @Override
        public Integer call() throws InterruptedException {
            ObjectNode body = JSON.createObjectNode().put("AppId", appId).put("InboxType", inboxType)
                    .put("Sender", sender).put("MsgTTL", ttl).put("MsgType", type).put("Content", content)
                    .put("TagOp", all ? 1 : 0);
            tags.forEach(body.putArray("Tags")::add);
            ObjectNode extNode = body.putObject("Ext");
            ext.forEach(extNode::put);
            Environment env = parent.main.env();
            RosterClient http = client.client(env);
            RosterClient.Answer sent = ClientOptions.checked(client.sendWaiting(http, "UserBroadcast",
                    Actions.VERSION, UserCalls.bytes(body)));
            String requestId = sent.requestId();
            JsonNode broadcast = find(client, http, appId, requestId);
            while (await && broadcast.path("Status").asText().equals("pending")) {
                TimeUnit.MILLISECONDS.sleep(100);
                broadcast = find(client, http, appId, requestId);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (client.json) {
                out.println(Answers.json(broadcast));
            } else if (broadcast.has("AudienceSize")) {
                out.printf("%s: %s, %d users%n", broadcast.path("BroadcastId").asText(),
                        broadcast.path("Status").asText(), broadcast.path("AudienceSize").asLong());
            } else {
                out.printf("%s: %s%n", broadcast.path("BroadcastId").asText(), broadcast.path("Status").asText());
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "List an app's broadcasts, newest first (ListBroadcasts): as a table, or with --json one"
                    + " JSON object per line.")
    static final class ListBroadcasts implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private BroadcastCommand parent;

        @Mixin
        private ClientOptions client;

        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100",
                description = "At most this many, the newest. Default: ${DEFAULT-VALUE}")
        private int limit;

        @Override
        public Integer call() throws InterruptedException {
            ObjectNode body = JSON.createObjectNode().put("AppId", appId).put("Limit", Math.min(limit, 1000));
            List<JsonNode> shown = new ArrayList<>();
            RosterClient http = client.client(parent.main.env());
            try {
                walk(client, http, LIST, body, "Broadcasts", b -> {
                    if (shown.size() == limit) {
                        throw new Enough();
                    }
                    shown.add(b);
                });
            } catch (Enough enough) {
                // the newest --limit are shown
            }
            PrintWriter out = spec.commandLine().getOut();
            if (client.json) {
                shown.forEach(b -> out.println(Answers.line(b)));
            } else {
                List<List<String>> rows = new ArrayList<>(List.of(HEADER));
                shown.forEach(b -> rows.add(row(b)));
                Answers.table(rows, out);
            }
            out.flush();
            return 0;
        }
    }

    /** Stops a walk that has printed enough. */
    private static final class Enough extends RuntimeException {
        Enough() {
            super(null, null, false, false);
        }
    }

    @Command(name = "recipients", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Print the audience of a ready broadcast, one UserId per line, in UserId order"
                    + " (ListBroadcastRecipients, every page).")
    static final class Recipients implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @ParentCommand
        private BroadcastCommand parent;

        @Mixin
        private ClientOptions client;

        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        private int appId;

        @Option(names = "--id", required = true, paramLabel = "BROADCAST_ID", description = "The broadcast (bc_…).")
        private String broadcastId;

        @Override
        public Integer call() throws InterruptedException {
            ObjectNode body = JSON.createObjectNode().put("AppId", appId).put("BroadcastId", broadcastId)
                    .put("Limit", 10_000);
            PrintWriter out = spec.commandLine().getOut();
            walk(client, client.client(parent.main.env()), "ListBroadcastRecipients", body, "UserIds",
                    id -> out.println(id.asLong()));
            out.flush();
            return 0;
        }
    }
}
