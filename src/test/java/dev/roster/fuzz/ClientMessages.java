package dev.roster.fuzz;

/**
 * The rule for every error message that reaches a client: present, and never a stack trace. (Messages
 * may quote what the client sent, so a looser test for "internals" would flag the client's own text.)
 */
final class ClientMessages {
    private ClientMessages() {}

    static void check(String message) {
        if (message == null || message.isBlank()) {
            throw new AssertionError("an error without a message");
        }
        if (message.contains("\tat ")) {
            throw new AssertionError("an error message holds a stack trace: " + message);
        }
    }
}
