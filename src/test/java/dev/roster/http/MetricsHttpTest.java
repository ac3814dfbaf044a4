package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import dev.roster.limit.RateLimits;
import dev.roster.testing.ApiClient;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /metrics} after real traffic: names, labels, a histogram per Action, nothing unbounded. */
class MetricsHttpTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    record Answer(int status, String contentType, String body) {}

    static Answer get(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** The value of the sample named {@code name} whose labels include every one of {@code labels}, or -1. */
    static double value(String text, String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            String found = m.group(2) == null ? "" : m.group(2);
            if (labels.entrySet().stream().allMatch(l -> found.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return Double.parseDouble(m.group(3));
            }
        }
        return -1;
    }

    @Nested
    class OnTheApiPort {
        @RegisterExtension
        static final RosterServerExtension SERVER = new RosterServerExtension(
                config -> config.rateLimits(RateLimits.DEFAULTS.with(Map.of("BatchGetUser", 2))));

        @Test
        void countsAnswersByActionAndCodeWithHistogramsAndNoUnboundedLabel() throws Exception {
            ApiClient root = SERVER.client();
            for (int i = 0; i < 3; i++) {
                assertThat(root.call("RegisterUsers", "{\"AppId\":4242,\"Users\":[{\"UserId\":" + (900 + i) + "}]}")
                        .status()).isEqualTo(200);
            }
            assertThat(root.call("BatchUpdateUser", "{\"AppId\":4242,\"Users\":[{\"UserId\":900,\"NickName\":\"a\"}]}")
                    .status()).isEqualTo(200);
            assertThat(root.call("BatchUpdateUser", "{\"AppId\":4242,\"Users\":\"x\"}").errorCode())
                    .isEqualTo("InvalidParam");
            int throttled = 0;
            for (int i = 0; i < 6; i++) {
                if (root.call("BatchGetUser", "{\"AppId\":4242,\"UserIds\":[900]}").status() == 429) {
                    throttled++;
                }
            }
            assertThat(throttled).isPositive();
            ApiClient stranger = root.signingWith(new TestSigner(new Credentials("AKLTnobody0001", "not-a-secret-0123456789")));
            assertThat(stranger.call("BatchGetUser", "{\"AppId\":4242,\"UserIds\":[900]}").errorCode())
                    .isEqualTo("InvalidAccessKey");
            ApiClient wrongSecret = root.signingWith(new TestSigner(
                    new Credentials(RosterServerExtension.ROOT.accessKeyId(), "the-wrong-secret-0123456789")));
            assertThat(wrongSecret.call("BatchGetUser", "{\"AppId\":4242,\"UserIds\":[900]}").errorCode())
                    .isEqualTo("SignatureDoesNotMatch");
            root.send("POST", "/?Action=NoSuchAction&Version=2020-12-01", new byte[0], Map.of());

            Answer metrics = get(SERVER.roster().url(), "/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
            String text = metrics.body();

            assertThat(value(text, "roster_requests_total", Map.of("action", "RegisterUsers", "code", "OK"))).isEqualTo(3);
            assertThat(value(text, "roster_requests_total", Map.of("action", "BatchUpdateUser", "code", "OK"))).isEqualTo(1);
            assertThat(value(text, "roster_requests_total", Map.of("action", "BatchUpdateUser", "code", "InvalidParam")))
                    .isEqualTo(1);
            assertThat(value(text, "roster_requests_total", Map.of("action", "BatchGetUser", "code", "FlowLimitExceeded")))
                    .isEqualTo(throttled);
            assertThat(value(text, "roster_requests_total", Map.of("action", "unknown", "code", "InvalidActionOrVersion")))
                    .isEqualTo(1);
            assertThat(value(text, "roster_requests_throttled_total", Map.of("action", "BatchGetUser"))).isEqualTo(throttled);
            assertThat(value(text, "roster_auth_failures_total", Map.of("code", "InvalidAccessKey"))).isEqualTo(1);
            assertThat(value(text, "roster_auth_failures_total", Map.of("code", "SignatureDoesNotMatch"))).isEqualTo(1);
            // A histogram per Action: cumulative buckets ending at +Inf, which counts every answer.
            for (String action : List.of("RegisterUsers", "BatchUpdateUser", "BatchGetUser")) {
                assertThat(value(text, "roster_request_duration_seconds_bucket", Map.of("action", action, "le", "0.001")))
                        .as(action).isGreaterThanOrEqualTo(0);
                assertThat(value(text, "roster_request_duration_seconds_bucket", Map.of("action", action, "le", "+Inf")))
                        .as(action).isEqualTo(value(text, "roster_request_duration_seconds_count", Map.of("action", action)))
                        .isPositive();
            }
            // The store's pools, its commits, the JVM and the process.
            assertThat(value(text, "hikaricp_connections_max", Map.of())).isPositive();
            assertThat(text).contains("jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads", "process_cpu_usage",
                    "process_uptime_seconds", "process_files_open_files");
            if (SERVER.config().databaseUrl() == null) {
                assertThat(value(text, "roster_store_commit_writes_count", Map.of())).isGreaterThanOrEqualTo(4);
            }
            // Bounded labels only: no AppId, no access key id, no label naming either.
            assertThat(text).doesNotContain("4242", RosterServerExtension.ROOT.accessKeyId(), "AKLTnobody0001",
                    "NoSuchAction", "app=", "app_id=", "ak=");
        }
    }

    @Nested
    class Off {
        @RegisterExtension
        static final RosterServerExtension SERVER = new RosterServerExtension(config -> config.metrics(false));

        @Test
        void thereIsNoMetricsPageAndTheApiStillAnswers() throws Exception {
            Answer metrics = get(SERVER.roster().url(), "/metrics");
            assertThat(metrics.status()).isNotEqualTo(200);
            assertThat(metrics.body()).doesNotContain("jvm_", "roster_requests_total");
            assertThat(SERVER.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}").status()).isEqualTo(200);
            assertThat(get(SERVER.roster().url(), "/healthz").status()).isEqualTo(200);
        }
    }

    @Nested
    class OnAnAdminPort {
        @RegisterExtension
        static final RosterServerExtension SERVER = new RosterServerExtension(config -> config.adminPort(0));

        @Test
        void metricsAndProbesMoveToTheAdminPortAndTheApiStays() throws Exception {
            URI api = SERVER.roster().url();
            URI admin = SERVER.roster().adminUrl().orElseThrow();
            assertThat(admin.getPort()).isNotEqualTo(api.getPort());
            assertThat(SERVER.client().call("BatchGetUser", "{\"AppId\":1,\"UserIds\":[1]}").status()).isEqualTo(200);

            assertThat(get(admin, "/metrics").body()).contains("roster_requests_total{action=\"BatchGetUser\",code=\"OK\"}");
            assertThat(get(admin, "/healthz").status()).isEqualTo(200);
            assertThat(get(admin, "/readyz").status()).isEqualTo(200);
            assertThat(get(admin, "/").status()).isEqualTo(404);

            for (String path : List.of("/metrics", "/healthz", "/readyz")) {
                Answer onApi = get(api, path);
                assertThat(onApi.status()).as(path).isNotEqualTo(200);
                assertThat(onApi.body()).as(path).doesNotContain("jvm_", "\"status\"");
            }
        }
    }
}
