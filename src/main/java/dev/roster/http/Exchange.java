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
    private String appId = "-";
    private int users = -1;

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

    /** The AppId the body names ("-" if none) and how many users it lists (-1 if none), for the access line. */
    void describe(String appId, int users) {
        this.appId = appId;
        this.users = users;
    }

    String appId() {
        return appId;
    }

    int users() {
        return users;
    }

    void identify(String accessKeyId, String region) {
        this.accessKeyId = accessKeyId;
        this.region = region;
    }
}
