package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.testing.RosterServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the console handler serves, with which headers; and that --console off serves none of it. */
class ConsoleHttpTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(b -> b.region("ap-southeast-1"));

    @RegisterExtension
    static final RosterServerExtension OFF = new RosterServerExtension(b -> b.console(false).authEnabled(false));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> send(RosterServerExtension server, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + server.client().base().getPort() + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertStrictHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none';"
                + " script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none';"
                + " form-action 'none'; frame-ancestors 'none'");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void the_page_is_served_with_strict_headers_and_the_servers_auth_mode_and_region() throws Exception {
        HttpResponse<String> page = send(SERVER, "GET", "/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertStrictHeaders(page);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<meta name=\"roster-auth\" content=\"on\">",
                "<meta name=\"roster-region\" content=\"ap-southeast-1\">", "<script type=\"module\" src=\"console.js\">");
        assertThat(page.body()).doesNotContain("{{").doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=");

        for (String file : new String[] {"console.js", "api.js", "signer.js"}) {
            HttpResponse<String> script = send(SERVER, "GET", "/console/" + file);
            assertThat(script.statusCode()).as(file).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
            assertStrictHeaders(script);
        }
        assertThat(send(SERVER, "GET", "/console/console.css").headers().firstValue("Content-Type"))
                .hasValue("text/css; charset=utf-8");
    }

    @Test
    void a_known_version_is_not_sent_again() throws Exception {
        HttpResponse<String> first = send(SERVER, "GET", "/console/console.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = send(SERVER, "GET", "/console/console.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<String> head = send(SERVER, "HEAD", "/console/console.js");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(first.body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void only_the_consoles_own_files_are_served_and_only_read() throws Exception {
        HttpResponse<String> bare = send(SERVER, "GET", "/console");
        assertThat(bare.statusCode()).isEqualTo(308);
        assertThat(bare.headers().firstValue("Location")).hasValue("/console/");
        for (String path : new String[] {"/console/missing.js", "/console/../logback.xml", "/console/%2e%2e/logback.xml",
                "/console/db/migration/sqlite/V1__users.sql", "/console/index.html/"}) {
            HttpResponse<String> r = send(SERVER, "GET", path);
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.body()).as(path).doesNotContain("CREATE", "<configuration");
        }
        HttpResponse<String> post = send(SERVER, "POST", "/console/");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertStrictHeaders(post);
    }

    @Test
    void console_off_serves_no_page() throws Exception {
        HttpResponse<String> r = send(OFF, "GET", "/console/");
        assertThat(r.statusCode()).isNotEqualTo(200);
        assertThat(r.headers().firstValue("Content-Security-Policy")).isEmpty();
        assertThat(r.body()).doesNotContain("<html").contains("ResponseMetadata");
        assertThat(send(SERVER, "GET", "/console/").body()).contains("roster-auth\" content=\"on\"");
    }
}
