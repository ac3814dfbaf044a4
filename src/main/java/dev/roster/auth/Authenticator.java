package dev.roster.auth;

/**
 * Establishes who sent a request in two steps, so that a request that cannot be authenticated is
 * refused before its body is read: {@link #begin} checks everything the head alone can tell (the
 * {@code Authorization} header, the clock, the access key), and the returned {@link Verification}
 * checks the signature over the body. Both throw {@link dev.roster.errors.ApiException} with the
 * authentication error.
 */
public interface Authenticator {

    Verification begin(RequestHead head);

    /** Both steps at once, for callers that already hold the body. */
    default Principal authenticate(RequestHead head, byte[] body) {
        return begin(head).verify(body);
    }

    /** The second step: the signature over the body as received. */
    @FunctionalInterface
    interface Verification {
        Principal verify(byte[] body);
    }
}
