package dev.roster.auth;

/**
 * Who is calling, as established by an {@link Authenticator}: the access key (empty when the request
 * was not signed), the AppIds it may use, the region the client signed for, and whether it is the root
 * key (which alone may call ResetApp; with authentication off, every caller is).
 */
public record Principal(String accessKeyId, AppScope scope, String region, boolean root) {
    public Principal(String accessKeyId, AppScope scope, String region) {
        this(accessKeyId, scope, region, false);
    }
}
