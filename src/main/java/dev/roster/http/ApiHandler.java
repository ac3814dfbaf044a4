package dev.roster.http;

import dev.roster.api.Action;
import dev.roster.api.Actions;
import dev.roster.api.Call;
import dev.roster.api.RequestJson;
import dev.roster.auth.Authenticator;
import dev.roster.auth.Principal;
import dev.roster.auth.SignedRequest;
import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import dev.roster.errors.ClientText;
import dev.roster.limit.Decision;
import dev.roster.limit.RateLimiter;
import dev.roster.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request, front to back: route, read the body once (bounded), authenticate, decode JSON,
 * run the Action, render the envelope. Checks run in the order of decisions.md, so the first failure
 * answers. All errors end here, as envelopes: no stack trace or internal detail reaches the client.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.roster.access");
    private static final int MAX_LOGGED_CLIENT_ID = 128;
    /** Logged, never sent: the client closed or stalled before its request was whole (nginx's 499). */
    private static final int CLIENT_GONE = 499;
    /** How much of a refused oversize body is read and dropped so that its client still gets the 413. */
    private static final long DRAIN_CAP_BYTES = 16L * 1024 * 1024;

    private final Actions actions;
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final long maxBodyBytes;
    private final String defaultRegion;
    private final RequestIds requestIds;

    public ApiHandler(Actions actions, Authenticator authenticator, RateLimiter limiter, long maxBodyBytes,
            String defaultRegion, Clock clock) {
        this.actions = actions;
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.maxBodyBytes = maxBodyBytes;
        this.defaultRegion = defaultRegion;
        this.requestIds = new RequestIds(clock);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        long started = System.nanoTime();
        Fields query = queryOf(request);
        Exchange exchange = query == null
                ? new Exchange(requestIds.next(), null, null, defaultRegion)
                : new Exchange(requestIds.next(), query.getValue("Action"), query.getValue("Version"), defaultRegion);
        int status = 200;
        ApiError error = null;
        try {
            Object result = process(request, response, path, query, exchange);
            Responses.send(response, callback, status, Responses.success(exchange, result));
        } catch (IOException e) {
            // The client went away or stalled while sending its body: there is no one left to answer.
            LOG.debug("request {}: body not received: {}", exchange.requestId(), e.toString());
            status = CLIENT_GONE;
            callback.failed(e);
        } catch (RuntimeException e) {
            error = classify(e, exchange);
            status = error.httpStatus();
            String message = e instanceof ApiException api ? api.getMessage() : error.defaultMessage();
            if (error == ApiError.REQUEST_TOO_LARGE && BodyReader.discardRest(request, DRAIN_CAP_BYTES)) {
                exchange.markBodyRead();
            }
            if (!exchange.bodyRead() && hasBody(request)) {
                // Refused before its body was read: Jetty will close the connection rather than read
                // the rest, so tell the client not to reuse it.
                response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            Responses.send(response, callback, status, Responses.failure(exchange, error, message));
        }
        logAccess(request, exchange, status, error, started);
        return true;
    }

    private Object process(Request request, Response response, String path, Fields query, Exchange exchange)
            throws IOException {
        if (path.equals("/healthz") || path.equals("/readyz")) {
            throw ApiError.METHOD_NOT_ALLOWED.exception("Use GET for " + path);
        }
        if (!path.equals("/")) {
            throw ApiError.INVALID_ACTION_OR_VERSION.exception("No API at path " + ClientText.printable(path, 64)
                    + "; call POST /?Action=...&Version=" + Actions.VERSION);
        }
        if (!HttpMethod.POST.is(request.getMethod())) {
            throw ApiError.METHOD_NOT_ALLOWED.exception(
                    "Method " + ClientText.printable(request.getMethod(), 16) + " is not allowed; use POST");
        }
        if (query == null) {
            throw ApiError.MISSING_PARAMETER.exception("The query string is malformed");
        }
        String actionName = exchange.action();
        String version = exchange.version();
        if (actionName == null || actionName.isEmpty()) {
            throw ApiError.MISSING_PARAMETER.exception("The query parameter Action is required");
        }
        if (version == null || version.isEmpty()) {
            throw ApiError.MISSING_PARAMETER.exception("The query parameter Version is required");
        }
        Action action = actions.find(actionName, version).orElseThrow(() -> ApiError.INVALID_ACTION_OR_VERSION
                .exception("Could not find operation " + ClientText.printable(actionName, 64) + " for version "
                        + ClientText.printable(version, 32)));
        byte[] body = BodyReader.read(request, maxBodyBytes);
        exchange.markBodyRead();
        Principal principal = authenticator.authenticate(signedRequest(request, body));
        exchange.identify(principal.accessKeyId(), principal.region());
        throttle(response, principal.accessKeyId(), action.name());
        return action.handle(new Call(RequestJson.parseObject(body), principal.scope()::allows));
    }

    /** Takes a token of the key's bucket for the Action; every answer from here on reports the bucket. */
    private void throttle(Response response, String accessKeyId, String action) {
        Decision decision = limiter.acquire(accessKeyId, action);
        if (!decision.limited()) {
            return;
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-RateLimit-Limit", decision.limit());
        headers.put("X-RateLimit-Remaining", decision.remaining());
        headers.put("X-RateLimit-Reset", decision.resetSeconds());
        if (!decision.allowed()) {
            headers.put(HttpHeader.RETRY_AFTER, decision.retryAfterSeconds());
            throw ApiError.FLOW_LIMIT_EXCEEDED.exception("Too many " + action + " requests for this access key: "
                    + decision.limit() + " per second are allowed; retry in " + decision.retryAfterSeconds() + " s");
        }
    }

    private static ApiError classify(RuntimeException e, Exchange exchange) {
        if (e instanceof ApiException api) {
            return api.error();
        }
        if (e instanceof StoreException store && store.isTransient()) {
            LOG.warn("request {}: store unavailable: {}", exchange.requestId(), store.getMessage());
            return ApiError.SERVICE_UNAVAILABLE_TEMP;
        }
        LOG.error("request {}: internal error", exchange.requestId(), e);
        return ApiError.INTERNAL_ERROR;
    }

    private static Fields queryOf(Request request) {
        try {
            return Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static SignedRequest signedRequest(Request request, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
        }
        return new SignedRequest(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                headers, body);
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    private static void logAccess(Request request, Exchange exchange, int status, ApiError error, long started) {
        if (!ACCESS.isInfoEnabled()) {
            return;
        }
        String clientId = request.getHeaders().get("X-Request-Id");
        ACCESS.info("request_id={} action={} status={} error={} ms={} ak={} client_request_id={}",
                exchange.requestId(), ClientText.printable(exchange.action(), 64), status,
                error == null ? "-" : error.code(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                exchange.accessKeyId().isEmpty() ? "-" : ClientText.printable(exchange.accessKeyId(), 64),
                clientId == null ? "-" : ClientText.printable(clientId, MAX_LOGGED_CLIENT_ID));
    }
}
