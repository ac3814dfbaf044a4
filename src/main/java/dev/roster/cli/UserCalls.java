package dev.roster.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Actions;
import dev.roster.client.RosterClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code roster users register|update|unregister|tags}: the write Actions of the API from the command
 * line, signed with the caller's key ({@link ClientOptions}). Each prints what was done, or each user's
 * failure with its Code and Message and exits 1.
 */
final class UserCalls {
    private static final ObjectMapper JSON = new ObjectMapper();

    private UserCalls() {}

    /** What every write names: the app, and one or more users. */
    static final class Target {
        @Option(names = {"--app", "--app-id"}, required = true, paramLabel = "APPID", description = "The app.")
        int appId;

        @Option(names = "--user", required = true, paramLabel = "USER_ID",
                description = "A user; repeat for several (each gets the same fields).")
        List<Long> userIds;
    }

    /** The profile fields a register or update sets. */
    static final class Fields {
        @Option(names = "--nick", paramLabel = "NAME", description = "NickName.")
        String nickName;

        @Option(names = "--portrait", paramLabel = "URL", description = "Portrait.")
        String portrait;

        @Option(names = "--tag", paramLabel = "TAG", description = "A tag; repeat for several (update: replaces all tags).")
        List<String> tags;

        @Option(names = "--ext", paramLabel = "KEY=VALUE", description = "An Ext entry; repeat for several (update: merged).")
        Map<String, String> ext = new LinkedHashMap<>();

        ObjectNode user(long userId) {
            ObjectNode user = JSON.createObjectNode().put("UserId", userId);
            if (nickName != null) {
                user.put("NickName", nickName);
            }
            if (portrait != null) {
                user.put("Portrait", portrait);
            }
            if (tags != null) {
                tags.forEach(user.putArray("Tags")::add);
            }
            if (!ext.isEmpty()) {
                ObjectNode entries = user.putObject("Ext");
                ext.forEach(entries::put);
            }
            return user;
        }
    }

    /** A write to some users of one app, signed with the caller's key; what each command shares. */
    abstract static class Write implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ParentCommand
        UsersCommand users;

        @Mixin
        ClientOptions client;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        /** The body's start: the AppId. */
        ObjectNode body() {
            return JSON.createObjectNode().put("AppId", target.appId);
        }

        /** Sends {@code body} to {@code action} and prints what was {@code done} to how many of the users. */
        int send(String action, ObjectNode body, String done) {
            RosterClient.Answer answer = client.call(users.main().env(), action, Actions.VERSION, bytes(body));
            return Answers.written(answer, target.userIds.size(), done, client.json, spec.commandLine().getOut(),
                    spec.commandLine().getErr());
        }
    }

    static byte[] bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Register users (RegisterUsers); an existing user is updated with the fields given.")
    static final class Register extends Write {
        @ArgGroup(exclusive = false)
        private Fields fields = new Fields();

        @Option(names = "--robot", description = "Mark the users as robots (IsRobot).")
        private boolean robot;

        @Override
        public Integer call() {
            ObjectNode body = body();
            ArrayNode list = body.putArray("Users");
            for (long userId : target.userIds) {
                ObjectNode user = fields.user(userId);
                if (robot) {
                    user.put("IsRobot", true);
                }
                list.add(user);
            }
            return send("RegisterUsers", body, "registered");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Change registered users (BatchUpdateUser): only the fields given.")
    static final class Update extends Write {
        @ArgGroup(exclusive = false)
        private Fields fields = new Fields();

        @Override
        public Integer call() {
            ObjectNode body = body();
            ArrayNode list = body.putArray("Users");
            target.userIds.forEach(userId -> list.add(fields.user(userId)));
            return send("BatchUpdateUser", body, "updated");
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Unregister users (UnRegisterUsers).")
    static final class Unregister extends Write {
        @Override
        public Integer call() {
            ObjectNode body = body();
            target.userIds.forEach(body.putArray("UserIds")::add);
            return send("UnRegisterUsers", body, "unregistered");
        }
    }

    @Command(name = "tags", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Add tags to users, or remove them (BatchUpdateUserTags).")
    static final class Tags extends Write {
        @ArgGroup(exclusive = true, multiplicity = "1")
        private Change change;

        static final class Change {
            @Option(names = "--add", required = true, paramLabel = "TAG", description = "A tag to add; repeatable.")
            List<String> add;

            @Option(names = "--remove", required = true, paramLabel = "TAG", description = "A tag to remove; repeatable.")
            List<String> remove;
        }

        @Override
        public Integer call() {
            ObjectNode body = body();
            target.userIds.forEach(body.putArray("UserIds")::add);
            List<String> tags = change.add != null ? change.add : change.remove;
            tags.forEach(body.putArray("Tags")::add);
            body.put("Op", change.add != null ? 0 : 1);
            return send("BatchUpdateUserTags", body, change.add != null ? "tags added" : "tags removed");
        }
    }
}
