package dev.roster.users;

/**
 * One user's part of a batch request: the user id and either the decoded input or the reason it
 * could not be decoded (a field of the wrong type), which becomes that user's {@code InvalidParam};
 * and {@code ifVersion}, the Version the user must be at for the write to happen (null: any).
 */
public record Entry<T>(long userId, T input, String invalidReason, Long ifVersion) {

    public static <T> Entry<T> of(long userId, T input) {
        return new Entry<>(userId, input, null, null);
    }

    /** An entry written only if the user's stored Version is {@code ifVersion} (0: not registered). */
    public static <T> Entry<T> of(long userId, T input, Long ifVersion) {
        return new Entry<>(userId, input, null, ifVersion);
    }

    public static <T> Entry<T> invalid(long userId, String reason) {
        return new Entry<>(userId, null, reason, null);
    }

    public boolean isValid() {
        return invalidReason == null;
    }
}
