package dev.roster.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Action;
import dev.roster.api.Actions;
import dev.roster.api.Call;
import dev.roster.api.RequestJson;
import dev.roster.auth.Authenticator;
import dev.roster.auth.Principal;
import dev.roster.auth.RequestHead;
import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import dev.roster.errors.ClientText;
import dev.roster.limit.Decision;
import dev.roster.limit.FailureBudget;
import dev.roster.limit.RateLimiter;
import dev.roster.metrics.RequestMetrics;
import dev.roster.store.Cause;
import dev.roster.store.StoreException;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * Every API request, front to back, in the order of decisions.md: route, query, the client's budget of
 * failed authentications, authentication from the head — all before a byte of the body is read, so a
 * request that has not earned its body is refused at once and its connection closed — then the body
 * (read without holding a thread), the signature over it, the rate limit, JSON, the Action, the
 * envelope. All errors end here, as envelopes: no stack trace or internal detail reaches the client.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.roster.access");
    private static final int MAX_LOGGED_CLIENT_ID = 128;
    /** Logged, never sent: the client closed or broke the connection before its request was whole (nginx's 499). */
    private static final int CLIENT_GONE = 499;
    private static final String CLIENT_GONE_CODE = "ClientClosedRequest";
    /** The fields in which the Actions of the family list the users they concern. */
    private static final String[] USER_LISTS = {"Users", "UserIds"};
    /** How much of a refused oversize body is read and dropped so that its client still gets the 413. */
    private static final long DRAIN_CAP_BYTES = 16L * 1024 * 1024;

    private final Actions actions;
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final FailureBudget failures;
    private final ClientAddresses clients;
    private final long maxBodyBytes;
    private final HttpLimits limits;
    private final String defaultRegion;
    private final RequestIds requestIds;
    private final RequestMetrics metrics;

    public ApiHandler(Actions actions, Authenticator authenticator, RateLimiter limiter, FailureBudget failures,
            ClientAddresses clients, long maxBodyBytes, HttpLimits limits, String defaultRegion, Clock clock,
            RequestMetrics metrics) {
        this.actions = actions;
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.failures = failures;
        this.clients = clients;
        this.maxBodyBytes = maxBodyBytes;
        this.limits = limits;
        this.defaultRegion = defaultRegion;
        this.requestIds = new RequestIds(clock);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        new Flight(request, response, callback).start();
        return true;
    }

    /** One request from its head to its answer; continues on another thread once its body has arrived. */
    private final class Flight implements BodyReader.Sink {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long started = System.nanoTime();
        private final String client;
        private final Fields query;
        private final Exchange exchange;
        private Action action;
        private Authenticator.Verification verification;

        Flight(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.client = clients.of(request);
            this.query = QueryParameters.of(request);
            this.exchange = query == null
                    ? new Exchange(requestIds.next(), null, null, defaultRegion)
                    : new Exchange(requestIds.next(), query.getValue("Action"), query.getValue("Version"),
                            defaultRegion);
        }

        void start() {
            try {
                checkHead();
                long declared = request.getLength();
                if (declared > maxBodyBytes) {
                    ApiException tooLarge = ApiError.REQUEST_TOO_LARGE.exception(
                            "The request body exceeds " + maxBodyBytes + " bytes");
                    if (declared > DRAIN_CAP_BYTES) {
                        throw tooLarge;
                    }
                    BodyReader.discard(request, declared, limits, new Drain(tooLarge));
                    return;
                }
                BodyReader.read(request, maxBodyBytes, limits, this);
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        /** Steps 1 to 3 of decisions.md: everything that needs no body. */
        private void checkHead() {
            String path = Request.getPathInContext(request);
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
            for (Fields.Field field : query) {
                if (field.getValues().size() > 1) {
                    // The signature sorts the values, so it could not tell which one was meant to run.
                    throw ApiError.INVALID_PARAM.exception("The query parameter "
                            + ClientText.printable(field.getName(), 64) + " is given more than once");
                }
            }
            action = actions.find(actionName, version).orElseThrow(() -> ApiError.INVALID_ACTION_OR_VERSION
                    .exception("Could not find operation " + ClientText.printable(actionName, 64) + " for version "
                            + ClientText.printable(version, 32)));
            if (failures.exhausted(client)) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, 1);
                throw ApiError.FLOW_LIMIT_EXCEEDED.exception(
                        "Too many failed authentications from this address; retry in 1 s");
            }
            verification = counted(() -> authenticator.begin(head(request)));
        }

        /** Steps 5 to 10, once the body is whole. */
        @Override
        public void body(byte[] body) {
            exchange.markBodyRead();
            try {
                Principal principal = counted(() -> verification.verify(body));
                exchange.identify(principal.accessKeyId(), principal.region());
                throttle(response, principal.accessKeyId(), action.name());
                ObjectNode json = RequestJson.parseObject(body);
                exchange.describe(appIdOf(json), usersOf(json));
                succeed(action.handle(new Call(json, principal.scope()::allows, principal.root(),
                        new Cause(action.name(), exchange.requestId()), principal.accessKeyId())));
            } catch (RuntimeException e) {
                fail(e);
            }
        }

        @Override
        public void refused(ApiException error) {
            fail(error);
        }

        @Override
        public void gone(Throwable cause) {
            LOG.debug("request {}: body not received: {}", exchange.requestId(), cause.toString());
            callback.failed(cause);
            finished(CLIENT_GONE, null);
        }

        /** Runs an authentication step; a failure spends one of the client's failed authentications. */
        private <T> T counted(Supplier<T> step) {
            try {
                return step.get();
            } catch (ApiException e) {
                if (e.error().isAuthenticationFailure()) {
                    failures.spend(client);
                    metrics.authenticationFailed(e.error().code());
                }
                throw e;
            }
        }

        private void succeed(Object result) {
            Responses.send(response, callback, 200, Responses.success(exchange, result));
            finished(200, null);
        }

        private void fail(RuntimeException e) {
            ApiError error = classify(e, exchange);
            String message = e instanceof ApiException api ? api.getMessage() : error.defaultMessage();
            if (!exchange.bodyRead() && hasBody(request)) {
                // Refused before its body was read: Jetty will close the connection rather than read the
                // rest, so tell the client not to reuse it.
                response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            }
            Responses.send(response, callback, error.httpStatus(), Responses.failure(exchange, error, message));
            finished(error.httpStatus(), error);
        }

        /** Counts the answer and writes its access line. */
        private void finished(int status, ApiError error) {
            long nanos = System.nanoTime() - started;
            metrics.answered(action == null ? RequestMetrics.UNKNOWN_ACTION : action.name(),
                    error != null ? error.code() : status == CLIENT_GONE ? CLIENT_GONE_CODE : RequestMetrics.OK, nanos);
            if (!ACCESS.isInfoEnabled()) {
                return;
            }
            String clientId = request.getHeaders().get("X-Request-Id");
            String actionName = ClientText.printable(exchange.action(), 64);
            String errorCode = error == null ? "-" : error.code();
            long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
            String ak = exchange.accessKeyId().isEmpty() ? "-" : ClientText.printable(exchange.accessKeyId(), 64);
            String users = exchange.users() < 0 ? "-" : Integer.toString(exchange.users());
            String clientRequestId = clientId == null ? "-" : ClientText.printable(clientId, MAX_LOGGED_CLIENT_ID);
            // Key-value pairs only: the text layout prints them as key=value (%kvp), the JSON encoder as kvpList.
            ACCESS.atInfo()
                    .addKeyValue("request_id", exchange.requestId()).addKeyValue("action", actionName)
                    .addKeyValue("status", status).addKeyValue("error", errorCode).addKeyValue("ms", ms)
                    .addKeyValue("ak", ak).addKeyValue("app", exchange.appId()).addKeyValue("users", users)
                    .addKeyValue("client", client).addKeyValue("client_request_id", clientRequestId)
                    .log("");
        }

        /** A refused oversize body, drained so that its client reads the 413 rather than a reset. */
        private final class Drain implements BodyReader.Sink {
            private final ApiException tooLarge;

            Drain(ApiException tooLarge) {
                this.tooLarge = tooLarge;
            }

            @Override
            public void body(byte[] dropped) {
                exchange.markBodyRead();
                fail(tooLarge);
            }

            @Override
            public void refused(ApiException error) {
                fail(tooLarge);
            }

            @Override
            public void gone(Throwable cause) {
                Flight.this.gone(cause);
            }
        }
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
            metrics.throttled(action);
            headers.put(HttpHeader.RETRY_AFTER, decision.retryAfterSeconds());
            throw ApiError.FLOW_LIMIT_EXCEEDED.exception("Too many " + action + " requests for this access key: "
                    + decision.limit() + " per second are allowed; retry in " + decision.retryAfterSeconds() + " s");
        }
    }

    /** The AppId a body names, for the access line: "-" when it names none that could be one. */
    private static String appIdOf(ObjectNode body) {
        JsonNode appId = body.get("AppId");
        return appId != null && appId.isIntegralNumber() && appId.canConvertToLong() ? appId.asText() : "-";
    }

    /** How many users a body names, for the access line; -1 when it has no list of them. */
    private static int usersOf(ObjectNode body) {
        for (String list : USER_LISTS) {
            JsonNode users = body.get(list);
            if (users != null && users.isArray()) {
                return users.size();
            }
        }
        return -1;
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

    /** The head as the signature sees it; over HTTP/2 the authority stands in for {@code Host}. */
    private static RequestHead head(Request request) {
        Map<String, String> headers = new HashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (a, b) -> a + "," + b);
        }
        String authority = request.getHttpURI().getAuthority();
        if (!headers.containsKey("host") && authority != null) {
            headers.put("host", authority);
        }
        return new RequestHead(request.getMethod(), request.getHttpURI().getPath(), request.getHttpURI().getQuery(),
                headers, request.isSecure() ? "https" : "http");
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }
}
