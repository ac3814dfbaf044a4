package dev.roster.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The API's meters, in Prometheus' names:
 * <ul>
 *   <li>{@code roster_requests_total{action,code}}: answers, by Action and Code ({@code OK} for a success,
 *       {@code ClientClosedRequest} when the client left before its request was whole);
 *   <li>{@code roster_request_duration_seconds{action}}: a histogram of the time from the head's arrival
 *       to the answer;
 *   <li>{@code roster_requests_throttled_total{action}}: requests refused by the rate limit;
 *   <li>{@code roster_auth_failures_total{code}}: failed authentications.
 * </ul>
 * The caller bounds the labels: an Action is a known one or {@link #UNKNOWN_ACTION}, a code one of the
 * error table's. Meters are made on first use and kept, so that the request path does no lookup by
 * name in the registry.
 */
public final class RequestMetrics {
    public static final String UNKNOWN_ACTION = "unknown";
    public static final String OK = "OK";
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
        Duration.ofSeconds(10)
    };

    private final MeterRegistry registry;
    private final ConcurrentMap<String, PerAction> actions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> authFailures = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One request answered (or abandoned by its client) after {@code nanos}. */
    public void answered(String action, String code, long nanos) {
        PerAction meters = of(action);
        meters.answers.computeIfAbsent(code, c -> Counter.builder("roster.requests")
                .description("Requests answered, by Action and Code")
                .tag("action", action).tag("code", c)
                .register(registry)).increment();
        meters.duration.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void throttled(String action) {
        of(action).throttled.increment();
    }

    public void authenticationFailed(String code) {
        authFailures.computeIfAbsent(code, c -> Counter.builder("roster.auth.failures")
                .description("Failed authentications, by Code")
                .tag("code", c)
                .register(registry)).increment();
    }

    private PerAction of(String action) {
        return actions.computeIfAbsent(action, this::meters);
    }

    private PerAction meters(String action) {
        Timer duration = Timer.builder("roster.request.duration")
                .description("Time from a request's head to its answer")
                .tag("action", action)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Counter throttled = Counter.builder("roster.requests.throttled")
                .description("Requests refused by the rate limit (FlowLimitExceeded)")
                .tag("action", action)
                .register(registry);
        return new PerAction(duration, throttled, new ConcurrentHashMap<>());
    }

    private record PerAction(Timer duration, Counter throttled, ConcurrentMap<String, Counter> answers) {}
}
