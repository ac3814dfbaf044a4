package dev.roster.users;

/**
 * One user's part of a batch request: the user id and either the decoded input or the reason it
 * could not be decoded (a field of the wrong type), which becomes that user's {@code InvalidParam}.
 */
public record Entry<T>(long userId, T input, String invalidReason) {

    public static <T> Entry<T> of(long userId, T input) {
        return new Entry<>(userId, input, null);
    }

    public static <T> Entry<T> invalid(long userId, String reason) {
        return new Entry<>(userId, null, reason);
    }

    public boolean isValid() {
        return invalidReason == null;
    }
}
