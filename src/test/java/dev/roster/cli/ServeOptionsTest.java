package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeOptionsTest {

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Environment(java.util.Map.of()));
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute(args)).as("exit code; stderr: %s", err).isEqualTo(expectedExit);
        return (out + err.toString()).replaceAll("\\s+", " ");
    }

    @Test
    void serve_help_documents_every_option_with_its_environment_variable_and_default() {
        String help = run(0, "serve", "--help");
        assertThat(help)
                .contains("--host=ADDRESS", "ROSTER_HOST", "Default: 0.0.0.0")
                .contains("--port=PORT", "ROSTER_PORT", "Default: 8080")
                .contains("--data-dir=DIR", "ROSTER_DATA_DIR", "Default: ./roster-data")
                .contains("--region=REGION", "ROSTER_REGION", "Default: cn-north-1")
                .contains("--max-body-bytes=BYTES", "ROSTER_MAX_BODY_BYTES", "Default: 1048576")
                .contains("--limit=NAME=N", "ROSTER_LIMITS", "update-users=10")
                .contains("--shutdown-timeout=SECONDS", "ROSTER_SHUTDOWN_TIMEOUT", "Default: 30")
                .contains("--auth=on|off", "ROSTER_AUTH", "Default: on")
                .contains("--insecure", "ROSTER_INSECURE")
                .contains("--max-clock-skew=SECONDS", "ROSTER_MAX_CLOCK_SKEW", "Default: 900")
                .contains("--rate-limit=ACTION=N", "ROSTER_RATE_LIMITS", "BatchGetUser=100")
                .contains("ROSTER_ROOT_ACCESS_KEY", "ROSTER_ROOT_SECRET_KEY", "ROSTER_MASTER_KEY")
                .contains("--tls-cert=FILE", "ROSTER_TLS_CERT", "--tls-key=FILE", "ROSTER_TLS_KEY")
                .contains("--tls-reload", "ROSTER_TLS_RELOAD")
                .contains("--metrics=on|off", "ROSTER_METRICS", "--admin-port=PORT", "ROSTER_ADMIN_PORT")
                .contains("--log-format=text|json", "ROSTER_LOG_FORMAT", "Default: text");
    }

    @Test
    void a_tls_certificate_without_its_key_or_a_key_without_its_certificate_is_refused() {
        assertThat(run(2, "serve", "--tls-cert", "cert.pem"))
                .contains("--tls-cert needs --tls-key: give both files to serve TLS, or neither");
        assertThat(run(2, "serve", "--tls-key", "key.pem"))
                .contains("--tls-key needs --tls-cert: give both files to serve TLS, or neither");
        assertThat(run(2, "serve", "--tls-reload")).contains("--tls-reload needs --tls-cert and --tls-key");
    }

    @Test
    void a_bad_option_value_is_a_usage_error_that_names_it() {
        assertThat(run(2, "serve", "--port", "70000")).contains("port must be from 0 to 65535, got 70000");
        assertThat(run(2, "serve", "--limit", "nope=3")).contains("unknown limit 'nope'");
        assertThat(run(2, "serve", "--region", "Not A Region")).contains("region must be");
        assertThat(run(2, "serve", "--rate-limit", "SendMessage=5")).contains("unknown Action 'SendMessage'");
        assertThat(run(2, "serve", "--auth", "maybe")).contains("--auth must be 'on' or 'off'");
        assertThat(run(2, "serve", "--metrics", "maybe")).contains("--metrics must be 'on' or 'off'");
        assertThat(run(2, "serve", "--log-format", "xml")).contains("--log-format must be 'text' or 'json', got 'xml'");
        assertThat(run(2, "serve", "--admin-port", "8080")).contains("the admin port must be from 0 to 65535 and differ");
        assertThat(run(2, "serve", "--admin-port", "-1")).contains("the admin port must be from 0 to 65535");
        assertThat(run(2, "serve", "--database-url", "jdbc:mysql://h/db")).contains("must start with jdbc:postgresql:");
        assertThat(run(2, "serve", "--database-url", "jdbc:postgresql://h/db?user=r&password=s3cret"))
                .contains("put the database password in ROSTER_DATABASE_PASSWORD").doesNotContain("s3cret");
        assertThat(run(2, "serve", "--redis-url", "localhost:6379")).contains("the Redis URL must look like redis://");
    }

    @Test
    void auth_off_is_refused_on_a_non_loopback_address() {
        assertThat(run(2, "serve", "--auth", "off"))
                .contains("--auth off lets anyone read and change every profile; it is refused on the non-loopback"
                        + " address 0.0.0.0 unless --insecure is also given");
    }

    @Test
    void a_root_key_half_given_is_a_usage_error() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Environment(java.util.Map.of("ROSTER_ROOT_ACCESS_KEY", "AKLTx")));
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("serve")).isEqualTo(2);
        assertThat(err.toString()).contains("ROSTER_ROOT_ACCESS_KEY and ROSTER_ROOT_SECRET_KEY must be set together");
    }

    @Test
    void no_command_is_a_usage_error() {
        assertThat(run(2)).contains("Missing command: serve, keys, users, call, events, broadcast, export, import, backup, restore");
    }
}
