package dev.roster.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.errors.ApiError;
import dev.roster.store.Cause;
import java.util.function.IntPredicate;

/**
 * One authenticated API call as an Action sees it: the parsed body, the AppIds the caller's key may use,
 * whether that key is the root key, the cause its change events name (the Action and request id), and the
 * access key that signed it (empty when unsigned).
 */
public record Call(ObjectNode body, IntPredicate appScope, boolean root, Cause cause, String accessKeyId) {

    public Call(ObjectNode body, IntPredicate appScope) {
        this(body, appScope, false, Cause.NONE, "");
    }

    /** The request's {@code AppId}, checked for type and range, then against the key's scope. */
    public int appId() {
        int appId = Fields.appId(body);
        if (!appScope.test(appId)) {
            throw ApiError.NO_AUTH.exception("This access key may not use AppId " + appId);
        }
        return appId;
    }
}
