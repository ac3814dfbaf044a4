package dev.roster.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link UserWalk} against a stub that answers ListUsers with pages written here, so that the pages a
 * real server gives only for very large apps (short, even empty, with a NextCursor) are easy to have;
 * and the progress line of {@code export}.
 */
class UserWalkTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpServer stub;
    private final Deque<String> answers = new ConcurrentLinkedDeque<>();
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStub() throws Exception {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            bodies.add(JSON.readTree(exchange.getRequestBody()));
            String answer = answers.removeFirst();
            int status = answer.contains("FlowLimitExceeded") ? 429 : 200;
            if (status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
    }

    private void answer(String result) {
        answers.add("{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Action\":\"ListUsers\"},\"Result\":" + result + "}");
    }

    private UserWalk walk(int pageSize) {
        ClientOptions options = new ClientOptions();
        options.endpoint = URI.create("http://127.0.0.1:" + stub.getAddress().getPort());
        options.region = "cn-north-1";
        return new UserWalk(options, new Environment(Map.of("VOLC_ACCESSKEY", "AKLTwalk", "VOLC_SECRETKEY", "walk-secret")),
                pageSize);
    }

    private static String users(long... ids) {
        List<String> users = new ArrayList<>();
        for (long id : ids) {
            users.add("{\"AppId\":7,\"UserId\":" + id + "}");
        }
        return "[" + String.join(",", users) + "]";
    }

    @Test
    void short_and_empty_pages_with_a_next_cursor_do_not_end_the_walk() throws Exception {
        answer("{\"Users\":" + users(1, 2) + ",\"NextCursor\":\"c1\"}");
        answer("{\"Users\":[],\"NextCursor\":\"c2\"}");
        answer("{\"Users\":" + users(9) + ",\"NextCursor\":\"c3\"}");
        answer("{\"Users\":[]}");
        List<Long> seen = new ArrayList<>();
        UserWalk.Walked walked = walk(3).walk(new UserWalk.Query(7, List.of("a", "b"), false, "zo", 5L), Long.MAX_VALUE,
                user -> seen.add(user.path("UserId").asLong()));
        assertThat(seen).containsExactly(1L, 2L, 9L);
        assertThat(walked).isEqualTo(new UserWalk.Walked(3, false));
        assertThat(bodies).hasSize(4);
        assertThat(bodies.get(0)).hasToString(
                "{\"AppId\":7,\"Tags\":[\"a\",\"b\"],\"TagMatch\":\"any\",\"NickNamePrefix\":\"zo\",\"ModifiedAfter\":5,\"Limit\":3}");
        assertThat(bodies.stream().map(b -> b.path("Cursor").asText(null)).toList())
                .containsExactly(null, "c1", "c2", "c3");
    }

    @Test
    void a_limit_asks_for_no_more_than_it_needs_and_says_that_more_may_follow() throws Exception {
        answer("{\"Users\":" + users(1, 2, 3) + ",\"NextCursor\":\"c1\"}");
        answer("{\"Users\":" + users(4, 5) + ",\"NextCursor\":\"c2\"}");
        AtomicLong count = new AtomicLong();
        UserWalk.Walked walked = walk(3).walk(UserWalk.Query.everyone(7), 5, user -> count.incrementAndGet());
        assertThat(walked).isEqualTo(new UserWalk.Walked(5, true));
        assertThat(bodies.stream().map(b -> b.path("Limit").asInt()).toList()).containsExactly(3, 2);
        assertThat(bodies.get(0)).hasToString("{\"AppId\":7,\"Limit\":3}");
    }

    @Test
    void a_throttled_page_is_asked_again_after_retry_after() throws Exception {
        answers.add("{\"ResponseMetadata\":{\"RequestId\":\"r\",\"Error\":{\"Code\":\"FlowLimitExceeded\","
                + "\"Message\":\"slow down\"}},\"Result\":{}}");
        answer("{\"Users\":" + users(1) + "}");
        List<Long> seen = new ArrayList<>();
        walk(10).walk(UserWalk.Query.everyone(7), Long.MAX_VALUE, user -> seen.add(user.path("UserId").asLong()));
        assertThat(seen).containsExactly(1L);
        assertThat(bodies).hasSize(2);
    }

    @Test
    void an_error_stops_the_walk_with_its_code_and_message() {
        answer("{\"Users\":" + users(1) + ",\"NextCursor\":\"c1\"}");
        answers.add("{\"ResponseMetadata\":{\"RequestId\":\"r2\",\"Error\":{\"Code\":\"InvalidParam\","
                + "\"Message\":\"Cursor: not a cursor of this query\"}},\"Result\":{}}");
        assertThatThrownBy(() -> walk(10).walk(UserWalk.Query.everyone(7), Long.MAX_VALUE, user -> {}))
                .isInstanceOf(CommandFailure.class)
                .hasMessage("InvalidParam: Cursor: not a cursor of this query (RequestId r2)");
    }

    @Test
    void the_export_tally_is_drawn_in_place_a_few_times_a_second_and_cleared() {
        StringWriter err = new StringWriter();
        AtomicLong now = new AtomicLong();
        TransferCommands.Tally tally = new TransferCommands.Tally(new PrintWriter(err), true, now::get);
        tally.add();
        now.set(100_000_000);
        tally.add();
        now.set(300_000_000);
        tally.add();
        tally.end();
        assertThat(err).hasToString("\rexported 1 users...\rexported 3 users...\r" + " ".repeat(19) + "\r");
        assertThat(tally.users()).isEqualTo(3);

        StringWriter quiet = new StringWriter();
        TransferCommands.Tally off = new TransferCommands.Tally(new PrintWriter(quiet), false, now::get);
        off.add();
        off.end();
        assertThat(quiet).hasToString("");
    }
}
