package dev.roster.errors;

/**
 * Every whole-request error Roster can answer with: the wire code, its numeric CodeN and the HTTP status.
 *
 * <p>This is a stable API (see decisions.md, "Error table"): clients match on {@link #code()} and
 * {@link #codeN()}; golden tests pin every row.
 */
public enum ApiError {
    MISSING_PARAMETER("MissingParameter", 100002, 400, "A required query parameter is missing"),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 100003, 401, "The request has no Authorization header"),
    MISSING_REQUEST_INFO("MissingRequestInfo", 100004, 400, "The request lacks signing information"),
    INVALID_TIMESTAMP("InvalidTimestamp", 100006, 400, "The request signature has expired or is dated in the future"),
    INVALID_ACTION_OR_VERSION("InvalidActionOrVersion", 100008, 404, "Unknown operation"),
    INVALID_ACCESS_KEY("InvalidAccessKey", 100009, 401, "The access key is unknown or disabled"),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 100010, 401, "The request signature does not match"),
    INTERNAL_ERROR("InternalError", 100014, 500, "Internal error"),
    FLOW_LIMIT_EXCEEDED("FlowLimitExceeded", 100018, 429, "Too many requests; retry later"),
    SERVICE_UNAVAILABLE_TEMP("ServiceUnavailableTemp", 100019, 503, "The service is temporarily unavailable; retry later"),
    METHOD_NOT_ALLOWED("MethodNotAllowed", 100020, 405, "Only POST is allowed"),
    JSON_PARSING_ERROR("JsonParsingError", 200001, 400, "The request body is not a JSON object"),
    INVALID_PARAM("InvalidParam", 200002, 400, "A parameter is invalid"),
    NO_AUTH("NoAuth", 200003, 403, "The access key may not use this AppId"),
    REQUEST_TOO_LARGE("RequestTooLarge", 200004, 413, "The request body is too large"),
    REQUEST_TIMEOUT("RequestTimeout", 200005, 408, "The request body did not arrive in time");

    private final String code;
    private final int codeN;
    private final int httpStatus;
    private final String defaultMessage;

    ApiError(String code, int codeN, int httpStatus, String defaultMessage) {
        this.code = code;
        this.codeN = codeN;
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    public String code() {
        return code;
    }

    public int codeN() {
        return codeN;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** True for the errors that mean "who are you?" failed: they count against the client's failure budget. */
    public boolean isAuthenticationFailure() {
        return switch (this) {
            case MISSING_AUTHENTICATION_TOKEN, MISSING_REQUEST_INFO, INVALID_TIMESTAMP, INVALID_ACCESS_KEY,
                    SIGNATURE_DOES_NOT_MATCH -> true;
            default -> false;
        };
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** An exception carrying this error with its default message. */
    public ApiException exception() {
        return new ApiException(this, defaultMessage);
    }

    /** An exception carrying this error with a message that names what was wrong. */
    public ApiException exception(String message) {
        return new ApiException(this, message);
    }
}
