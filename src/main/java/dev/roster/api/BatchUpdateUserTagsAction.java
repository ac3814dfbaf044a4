package dev.roster.api;

import dev.roster.errors.ApiException;
import dev.roster.users.Limits;
import dev.roster.users.TagChange;
import dev.roster.users.UserService;
import java.util.List;

/**
 * BatchUpdateUserTags: adds ({@code Op} 0, the default) or removes ({@code Op} 1) the same tags for
 * each user. The tags are shared by all users, so a bad tag fails the whole request.
 */
final class BatchUpdateUserTagsAction implements Action {
    private final UserService users;
    private final Limits limits;

    BatchUpdateUserTagsAction(UserService users, Limits limits) {
        this.users = users;
        this.limits = limits;
    }

    @Override
    public String name() {
        return "BatchUpdateUserTags";
    }

    @Override
    public Object handle(Call call) {
        int appId = call.appId();
        List<Long> ids = Fields.userIds(call.body(), "UserIds", limits.tagUsers());
        List<String> tags = Fields.optionalStrings(call.body(), "Tags");
        if (tags == null) {
            throw Fields.invalid("Tags: is required");
        }
        String problem = users.validator().checkTags(tags);
        if (problem != null) {
            throw Fields.invalid(problem);
        }
        return FailedInfosResult.of(users.changeTags(appId, ids, new TagChange(op(call), tags), call.cause()));
    }

    private static TagChange.Op op(Call call) {
        Long op;
        try {
            op = Fields.optionalInteger(call.body(), "Op", 0, 1);
        } catch (ApiException e) {
            throw Fields.invalid("Op: must be 0 (add) or 1 (remove)");
        }
        return op == null || op == 0 ? TagChange.Op.ADD : TagChange.Op.REMOVE;
    }
}
