package dev.roster.store;

/**
 * A store operation failed. {@link #isTransient()} tells whether retrying later may succeed (database
 * unreachable, busy, disk full) as opposed to a fault in Roster itself.
 */
public final class StoreException extends RuntimeException {
    private final boolean transientFailure;

    public StoreException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
