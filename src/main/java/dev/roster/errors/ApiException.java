package dev.roster.errors;

/**
 * The one exception that carries a whole-request error to the HTTP layer, which renders it as the
 * {@code ResponseMetadata.Error} envelope. Its message goes to the client verbatim, so it must never
 * hold internals or secrets.
 */
public final class ApiException extends RuntimeException {
    private final ApiError error;

    public ApiException(ApiError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public ApiError error() {
        return error;
    }
}
