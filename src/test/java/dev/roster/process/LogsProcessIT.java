package dev.roster.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.auth.Credentials;
import dev.roster.testing.ApiClient;
import dev.roster.testing.RosterProcess;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.TestSigner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server's log in both formats after a session that uses every kind of secret: the root
 * key, a sealed key made by {@code keys create}, the master key, a wrong secret. JSON lines parse and carry
 * the access line's fields; no secret appears in either format.
 */
class LogsProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Also listed in src/test/resources/secrets-used-by-tests.txt, for the check of the whole run. */
    private static final String MASTER_KEY = "logs-it-master-key-0123456789abcdefghijklmnop";
    private static final Pattern AK = Pattern.compile("AccessKeyId:\\s+(\\S+)");
    private static final Pattern SK = Pattern.compile("SecretAccessKey:\\s+(\\S+)");

    @TempDir
    Path dataDir;

    /** A session through every path that handles a secret; returns the secrets it used and the log. */
    private record Session(List<String> secrets, String log) {}

    private Session session(String format) throws Exception {
        Map<String, String> env = Map.of("ROSTER_MASTER_KEY", MASTER_KEY, "ROSTER_LOG_FORMAT", format);
        try (RosterProcess server = RosterProcess.start(dataDir, env)) {
            String created = RosterProcess.keys(dataDir, env, "create", "--apps", "7");
            Credentials scoped = new Credentials(find(AK, created), find(SK, created));
            ApiClient root = server.client();
            ApiClient key = new ApiClient(server.url(), new TestSigner(scoped));
            String wrongSecret = "a-wrong-secret-for-" + format + "-0123456789";
            ApiClient wrong = new ApiClient(server.url(), new TestSigner(new Credentials(scoped.accessKeyId(), wrongSecret)));

            assertThat(root.call("RegisterUsers",
                    "{\"AppId\":7,\"Users\":[{\"UserId\":1},{\"UserId\":2},{\"UserId\":3}]}").status()).isEqualTo(200);
            assertThat(key.call("BatchUpdateUser", "{\"AppId\":7,\"Users\":[{\"UserId\":1,\"NickName\":\"n\"}]}")
                    .status()).isEqualTo(200);
            assertThat(key.call("BatchGetUser", "{\"AppId\":8,\"UserIds\":[1]}").errorCode()).isEqualTo("NoAuth");
            assertThat(wrong.call("BatchGetUser", "{\"AppId\":7,\"UserIds\":[1,2]}").errorCode())
                    .isEqualTo("SignatureDoesNotMatch");
            server.terminate();
            assertThat(server.waitForExit(30)).isZero();
            return new Session(List.of(RosterServerExtension.ROOT.secretAccessKey(), MASTER_KEY,
                    scoped.secretAccessKey(), wrongSecret), server.log());
        }
    }

    @Test
    void json_lines_parse_and_carry_the_access_fields_and_no_secret() throws Exception {
        Session session = session("json");
        List<Map<String, String>> access = new ArrayList<>();
        List<String> lines = session.log().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(5);
        for (String line : lines) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("timestamp").isNumber()).as(line).isTrue();
            assertThat(event.path("level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(event.path("loggerName").asText()).as(line).startsWith("dev.roster");
            assertThat(event.has("formattedMessage")).as(line).isTrue();
            if (event.path("loggerName").asText().equals("dev.roster.access")) {
                Map<String, String> fields = new LinkedHashMap<>();
                event.path("kvpList").forEach(pair -> pair.fields()
                        .forEachRemaining(f -> fields.put(f.getKey(), f.getValue().asText())));
                access.add(fields);
            }
        }
        assertThat(access).hasSize(4);
        assertThat(access).allSatisfy(fields -> {
            assertThat(fields).containsOnlyKeys("request_id", "action", "status", "error", "ms", "ak", "app", "users",
                    "client", "client_request_id");
            assertThat(fields.get("request_id")).matches("\\d{14}[0-9A-F]{20}");
            assertThat(fields.get("client")).isEqualTo("127.0.0.1");
        });
        assertThat(access.get(0)).containsEntry("action", "RegisterUsers").containsEntry("status", "200")
                .containsEntry("error", "-").containsEntry("app", "7").containsEntry("users", "3")
                .containsEntry("ak", RosterServerExtension.ROOT.accessKeyId());
        assertThat(access.get(1)).containsEntry("action", "BatchUpdateUser").containsEntry("users", "1");
        assertThat(access.get(2)).containsEntry("error", "NoAuth").containsEntry("app", "8");
        assertThat(access.get(3)).containsEntry("error", "SignatureDoesNotMatch").containsEntry("status", "401")
                .containsEntry("app", "-").containsEntry("users", "-");
        assertThat(session.log()).doesNotContain(session.secrets().toArray(String[]::new));
    }

    @Test
    void text_lines_carry_the_same_fields_and_no_secret() throws Exception {
        Session session = session("text");
        List<String> access = session.log().lines().filter(line -> line.contains("request_id=")).toList();
        assertThat(access).hasSize(4);
        assertThat(access.get(0)).contains("action=RegisterUsers status=200 error=-", "app=7 users=3 client=127.0.0.1");
        assertThat(access.get(3)).contains("error=SignatureDoesNotMatch", "app=- users=-");
        assertThat(session.log()).doesNotContain(session.secrets().toArray(String[]::new));
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }
}
