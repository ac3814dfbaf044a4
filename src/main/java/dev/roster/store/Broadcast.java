package dev.roster.store;

/**
 * A stored broadcast. {@code key} is the store's own number for it (newer broadcasts have larger ones),
 * {@code broadcastId} the id clients see ({@code bc_…}); {@code eventId} is its {@code broadcast.accepted}
 * event, whose place in the event order fixes the audience. The audience is built up to {@code cursor}
 * (the last UserId done); {@code audienceSize} counts it so far, and all of it once the status is READY.
 */
public record Broadcast(long key, String broadcastId, int appId, long time, BroadcastMessage message,
        String requestId, String accessKeyId, String eventId, Status status, long cursor, long audienceSize,
        Long readyTime) {

    public enum Status {
        PENDING, READY, EXPIRED;

        /** As clients see it: {@code pending}, {@code ready}, {@code expired}. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Status ofWire(String text) {
            return valueOf(text.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** When the message stops being worth sending: the broadcast's time plus its MsgTTL. */
    public long expireTime() {
        return time + message.msgTtl() * 1000;
    }

    /** The status at {@code now}: expired from {@link #expireTime()} on, whatever the audience's progress. */
    public Status statusAt(long now) {
        return now >= expireTime() ? Status.EXPIRED : status;
    }
}
