package dev.roster.store;

import java.util.Objects;

/**
 * What made a change, as its event tells it: the Action (or the command, such as {@code Seed}) and the
 * request id, empty when the change came from no request.
 */
public record Cause(String action, String requestId) {
    /** For writes made straight on a store, as tests do. */
    public static final Cause NONE = new Cause("", "");

    public Cause {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestId, "requestId");
    }

    /** A change made by {@code command} outside any request. */
    public static Cause of(String command) {
        return new Cause(command, "");
    }
}
