package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.auth.Credentials;
import dev.roster.limit.RateLimits;
import dev.roster.testing.RosterServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code roster bench} against a server in this JVM: sane figures, errors counted by Code, real writes. */
class BenchTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config
            .benchNoop(true)
            .rateLimits(new RateLimits(0, Map.of()))
            .authFailureLimit(0));

    private static final long THIS_PROCESS = ProcessHandle.current().pid();

    static BenchSettings settings(List<BenchKey> keys, int app, int rate, Mix mix, boolean register) {
        return new BenchSettings(SERVER.roster().url(), keys, List.of(app), BenchSettings.DEFAULT_REGION, rate, 4,
                Duration.ofSeconds(2), Duration.ofMillis(500), mix, 10, 100, register, THIS_PROCESS);
    }

    static Report run(BenchSettings settings) throws InterruptedException {
        StringWriter progress = new StringWriter();
        Report report = Bench.run(settings, new PrintWriter(progress));
        assertThat(progress.toString()).contains("requests signed");
        return report;
    }

    private static List<BenchKey> root() {
        return List.of(BenchKey.everyApp(RosterServerExtension.ROOT));
    }

    private static void assertSane(Report report) {
        assertThat(report.requests()).isPositive();
        assertThat(report.throughput()).isPositive();
        assertThat(report.errors()).as("%s", report.errorsByCode()).isZero();
        assertThat(report.failedUsers()).as("%s", report.failedUsersByCode()).isZero();
        Report.Latency l = report.latencyMs();
        assertThat(l.p50()).isPositive().isLessThanOrEqualTo(l.p90());
        assertThat(l.p90()).isLessThanOrEqualTo(l.p99());
        assertThat(l.p99()).isLessThanOrEqualTo(l.p999());
        assertThat(l.p999()).isLessThanOrEqualTo(l.max());
        assertThat(report.serverCpuMicrosPerRequest()).isPositive();
        assertThat(report.benchCpuMicrosPerRequest()).isPositive();
    }

    @Test
    void a_closed_loop_reports_sane_figures_for_each_kind_of_request() throws Exception {
        Report report = run(settings(root(), 11, 0, Mix.parse("update=60,get=30,noop=10"), true));
        assertSane(report);
        assertThat(report.actions()).containsOnlyKeys("BatchUpdateUser", "BatchGetUser", "BenchNoop");
        long updates = report.actions().get("BatchUpdateUser").requests();
        long gets = report.actions().get("BatchGetUser").requests();
        assertThat((double) updates / gets).as("the mix").isCloseTo(2.0, offset(0.1));
        assertThat(report.json()).contains("\"errors\" : 0");
    }

    @Test
    void an_open_loop_sends_exactly_its_rate_over_the_measured_window() throws Exception {
        Report report = run(settings(root(), 12, 200, Mix.parse("update=90,get=10"), true));
        assertSane(report);
        assertThat(report.requests()).as("200 req/s for 2 s, due times in the window").isEqualTo(400);
        assertThat(report.throughput()).as("until the last answer, which may come late on a busy machine")
                .isBetween(100.0, 200.5);
    }

    @Test
    void a_wrong_secret_is_counted_as_errors_under_its_code() throws Exception {
        Credentials wrong = new Credentials(RosterServerExtension.ROOT.accessKeyId(), "not-the-root-secret");
        Report report = run(settings(List.of(BenchKey.everyApp(wrong)), 13, 0, Mix.parse("update=1"), false));
        assertThat(report.requests()).isPositive();
        assertThat(report.errorsByCode()).containsOnlyKeys("SignatureDoesNotMatch");
        assertThat(report.errors()).isEqualTo(report.requests());
        assertThat(report.actions().get("BatchUpdateUser").errors()).isEqualTo(report.requests());
    }

    @Test
    void registration_with_a_wrong_secret_stops_the_run_with_the_code() {
        Credentials wrong = new Credentials(RosterServerExtension.ROOT.accessKeyId(), "not-the-root-secret");
        assertThatThrownBy(
                        () -> run(settings(List.of(BenchKey.everyApp(wrong)), 14, 0, Mix.parse("update=1"), true)))
                .hasMessageContaining("registering users in AppId 14")
                .hasMessageContaining("SignatureDoesNotMatch")
                .hasMessageNotContaining("not-the-root-secret");
    }

    @Test
    void every_update_really_changes_the_stored_nick_names() throws Exception {
        run(settings(root(), 15, 0, Mix.only(BenchAction.UPDATE), true));
        JsonNode first = user(15, 1);
        assertThat(first.get("NickName").asText()).startsWith("bench ").isNotEqualTo(NickNames.REGISTERED);

        run(settings(root(), 15, 0, Mix.only(BenchAction.UPDATE), false));
        JsonNode second = user(15, 1);
        assertThat(second.get("NickName").asText()).startsWith("bench ").isNotEqualTo(first.get("NickName").asText());
        assertThat(second.get("ModifyTime").asLong()).isGreaterThan(first.get("ModifyTime").asLong());
        assertThat(user(15, 100).get("NickName").asText()).as("the last registered user is updated too")
                .startsWith("bench ");
    }

    private static JsonNode user(int app, long userId) {
        JsonNode users = SERVER.client().call("BatchGetUser", "{\"AppId\":" + app + ",\"UserIds\":[" + userId + "]}")
                .result().get("Users");
        assertThat(users).hasSize(1);
        return users.get(0);
    }
}
