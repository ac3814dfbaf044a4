package dev.roster.cli;

/**
 * A command that cannot do what was asked, for a reason the user can fix: {@link Main} prints its message
 * as one line, {@code roster: <message>}, and exits with 1, without a stack trace.
 */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message, null, false, false);
    }
}
