package dev.roster.auth;

/**
 * Who is calling, as established by an {@link Authenticator}: the access key (empty when the request
 * was not signed), the AppIds it may use, and the region the client signed for.
 */
public record Principal(String accessKeyId, AppScope scope, String region) {
}
