package dev.roster.auth;

/** Establishes who sent a request, or throws {@link dev.roster.errors.ApiException} with the auth error. */
public interface Authenticator {
    Principal authenticate(SignedRequest request);
}
