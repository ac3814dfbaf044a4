package dev.roster.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /healthz} (the process runs) and {@code GET /readyz} (its dependencies answer), for
 * supervisors and load balancers; unauthenticated and not in the access log. Anything else passes on.
 */
final class ProbeHandler extends Handler.Abstract {
    private final Readiness readiness;

    ProbeHandler(Readiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            return false;
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/healthz")) {
            Responses.send(response, callback, 200, Map.of("status", "ok"));
            return true;
        }
        if (path.equals("/readyz")) {
            Map<String, String> checks = readiness.check();
            boolean ready = !checks.containsValue("down");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ready ? "ready" : "unavailable");
            body.put("checks", checks);
            Responses.send(response, callback, ready ? 200 : 503, body);
            return true;
        }
        return false;
    }
}
