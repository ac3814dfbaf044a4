package dev.roster.http;

/**
 * What the envelope of one request echoes: its id, the Action and Version it asked for, and the
 * region (the configured default until a credential scope names another).
 */
final class Exchange {
    private final String requestId;
    private final String action;
    private final String version;
    private String region;
    private String accessKeyId = "";
    private boolean bodyRead;

    Exchange(String requestId, String action, String version, String region) {
        this.requestId = requestId;
        this.action = action;
        this.version = version;
        this.region = region;
    }

    String requestId() {
        return requestId;
    }

    String action() {
        return action;
    }

    String version() {
        return version;
    }

    String region() {
        return region;
    }

    String accessKeyId() {
        return accessKeyId;
    }

    /** True once the whole request body has been read. */
    boolean bodyRead() {
        return bodyRead;
    }

    void markBodyRead() {
        bodyRead = true;
    }

    void identify(String accessKeyId, String region) {
        this.accessKeyId = accessKeyId;
        this.region = region;
    }
}
