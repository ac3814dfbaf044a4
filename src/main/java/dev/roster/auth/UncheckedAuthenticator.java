package dev.roster.auth;

/**
 * Accepts every request without checking its signature, for local experiments. A request that carries
 * an {@code Authorization} header must still have a well-formed one; its credential scope gives the
 * region echoed in the answer. Every caller may use every AppId.
 */
public final class UncheckedAuthenticator implements Authenticator {
    private final String defaultRegion;

    public UncheckedAuthenticator(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    @Override
    public Principal authenticate(SignedRequest request) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            return new Principal("", AppScope.ALL, defaultRegion);
        }
        AuthorizationHeader header = AuthorizationHeader.parse(authorization);
        return new Principal(header.accessKeyId(), AppScope.ALL, header.region());
    }
}
