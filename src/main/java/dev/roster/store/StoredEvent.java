package dev.roster.store;

/**
 * One change event as the outbox keeps it. {@code before} and {@code after} are the profile as
 * BatchGetUser shows it, as JSON text, or null for a user that did not or no longer exists.
 */
public record StoredEvent(long seq, String eventId, int appId, long userId, String type, long time, String action,
        String requestId, String before, String after) {}
