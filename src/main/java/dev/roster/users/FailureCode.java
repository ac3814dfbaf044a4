package dev.roster.users;

/** Why one user of a batch was not applied; {@link #wire()} is the {@code FailedInfos[].Code} string. */
public enum FailureCode {
    USER_NOT_FOUND("UserNotFound"),
    INVALID_PARAM("InvalidParam"),
    DUPLICATE_USER_ID("DuplicateUserId"),
    TAG_LIMIT_EXCEEDED("TagLimitExceeded"),
    VERSION_CONFLICT("VersionConflict");

    private final String wire;

    FailureCode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
