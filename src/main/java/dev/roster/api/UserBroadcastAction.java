package dev.roster.api;

import dev.roster.broadcasts.Broadcasts;
import dev.roster.store.BroadcastMessage;
import dev.roster.users.Limits;
import dev.roster.users.Validator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * UserBroadcast: a message for every registered user whose Tags match (any or all of them; no Tags: every
 * user of the app). Roster stores it and builds its audience; it sends nothing itself (see
 * {@link Broadcasts}). Answers {@code "Result": {}} as Volcengine does.
 */
final class UserBroadcastAction implements Action {
    static final String NAME = "UserBroadcast";
    static final long MAX_TTL_SECONDS = 604_800;

    private final Broadcasts broadcasts;
    private final Limits limits;
    private final Validator validator;

    UserBroadcastAction(Broadcasts broadcasts, Limits limits) {
        this.broadcasts = broadcasts;
        this.limits = limits;
        this.validator = new Validator(limits);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        BroadcastMessage message = message(call, limits, validator);
        broadcasts.send(appId, message, call.cause(), call.accessKeyId());
        return Map.of();
    }

    /** The body's message, every field checked in the order Volcengine lists them. */
    private static BroadcastMessage message(Call call, Limits limits, Validator validator) {
        var body = call.body();
        Long inboxType = Fields.optionalInteger(body, "InboxType", 0, Integer.MAX_VALUE);
        long sender = Fields.userId(body.get("Sender"), "Sender");
        long ttl = Fields.integer(body, "MsgTTL", 1, MAX_TTL_SECONDS);
        int msgType = (int) Fields.integer(body, "MsgType", 0, Integer.MAX_VALUE);
        String content = Fields.optionalString(body, "Content");
        if (content == null) {
            throw Fields.invalid("Content: is required");
        }
        int contentBytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (contentBytes == 0) {
            throw Fields.invalid("Content: must not be empty");
        }
        if (contentBytes > limits.broadcastContentBytes()) {
            throw Fields.invalid("Content: at most " + limits.broadcastContentBytes() + " bytes (UTF-8), got "
                    + contentBytes);
        }
        Long tagOp = Fields.optionalInteger(body, "TagOp", 0, 1);
        List<String> tags = Objects.requireNonNullElse(Fields.optionalStrings(body, "Tags"), List.of());
        String problem = validator.checkTags(tags);
        Map<String, String> ext = Objects.requireNonNullElse(Fields.optionalStringMap(body, "Ext"), Map.of());
        if (problem == null) {
            problem = validator.checkExt(ext);
        }
        if (problem != null) {
            throw Fields.invalid(problem);
        }
        return new BroadcastMessage(inboxType == null ? 0 : inboxType.intValue(), sender, ttl, msgType, content,
                tagOp == null ? BroadcastMessage.ANY : tagOp.intValue(), new ArrayList<>(new LinkedHashSet<>(tags)),
                ext);
    }
}
