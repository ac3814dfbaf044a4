package dev.roster.users;

import java.util.List;

/** A BatchUpdateUserTags request's change, applied to each of its users. */
public record TagChange(Op op, List<String> tags) {

    /** On the wire {@code Op} 0 adds, 1 removes. */
    public enum Op {
        ADD,
        REMOVE
    }
}
