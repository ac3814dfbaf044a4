package dev.roster.http;

import dev.roster.errors.ApiError;
import java.time.Clock;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before a request reaches {@link ApiHandler} (a malformed request
 * line, headers too large, a request refused while shutting down) with the same envelope as every
 * other error, keeping Jetty's HTTP status and never any exception text.
 */
final class EnvelopeErrorHandler extends ErrorHandler {
    private final String defaultRegion;
    private final RequestIds requestIds;

    EnvelopeErrorHandler(String defaultRegion, Clock clock) {
        this.defaultRegion = defaultRegion;
        this.requestIds = new RequestIds(clock);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        ApiError error = forStatus(status);
        Exchange exchange = new Exchange(requestIds.next(), null, null, defaultRegion);
        String message = switch (status) {
            case 414 -> "The request URI is too long";
            case 431 -> "The request headers are too large";
            default -> error == ApiError.INVALID_PARAM ? "Malformed HTTP request" : error.defaultMessage();
        };
        // 414 and 431 say more precisely what was too large than 413; every other answer has its error's status.
        int sent = status == 414 || status == 431 ? status : error.httpStatus();
        Responses.send(response, callback, sent, Responses.failure(exchange, error, message));
        return true;
    }

    static ApiError forStatus(int status) {
        return switch (status) {
            case 404 -> ApiError.INVALID_ACTION_OR_VERSION;
            case 405 -> ApiError.METHOD_NOT_ALLOWED;
            case 408 -> ApiError.REQUEST_TIMEOUT;
            case 413, 414, 431 -> ApiError.REQUEST_TOO_LARGE;
            case 429 -> ApiError.FLOW_LIMIT_EXCEEDED;
            case 503 -> ApiError.SERVICE_UNAVAILABLE_TEMP;
            case 505 -> ApiError.INVALID_PARAM; // an HTTP version Jetty does not speak: the client's doing
            default -> status >= 500 ? ApiError.INTERNAL_ERROR : ApiError.INVALID_PARAM;
        };
    }
}
