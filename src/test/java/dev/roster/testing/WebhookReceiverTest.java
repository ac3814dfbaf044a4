package dev.roster.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.roster.testing.WebhookReceiver.Attempt;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook receiver of the tests verifies what is signed per Standard Webhooks, and fails on demand. */
class WebhookReceiverTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SECRET = randomSecret();
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = WebhookReceiver.start(SECRET);
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @BeforeEach
    void reset() {
        receiver.reset();
    }

    private static String randomSecret() {
        byte[] key = new byte[24];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    /** {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed with the decoded secret. */
    private static String sign(String secret, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    private static String event(String id) {
        return "{\"type\":\"user.updated\",\"timestamp\":\"2025-01-02T03:04:05Z\","
                + "\"data\":{\"AppId\":77,\"UserId\":1,\"EventId\":\"" + id + "\",\"NickName\":\"Zoë\"}}";
    }

    private static int post(String id, long timestamp, String signature, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(receiver.url()).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int deliver(String id, String body) throws Exception {
        long now = Instant.now().getEpochSecond();
        return post(id, now, sign(SECRET, id, now, body), body);
    }

    @Test
    void a_delivery_signed_per_the_spec_verifies_and_is_recorded_with_its_payload() throws Exception {
        String body = event("evt_1");
        long before = System.currentTimeMillis();

        assertThat(deliver("evt_1", body)).isEqualTo(200);

        List<Attempt> attempts = receiver.attempts();
        assertThat(attempts).hasSize(1);
        Attempt attempt = attempts.get(0);
        assertThat(attempt.id()).isEqualTo("evt_1");
        assertThat(attempt.verified()).isTrue();
        assertThat(attempt.attempt()).isEqualTo(1);
        assertThat(attempt.status()).isEqualTo(200);
        assertThat(attempt.error()).isNull();
        assertThat(attempt.receivedAt()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        assertThat(attempt.payload()).isEqualTo(JSON.readTree(body));
        assertThat(attempt.payload().at("/data/NickName").asText()).isEqualTo("Zoë");
        assertThat(receiver.delivered()).containsExactly(attempt);
    }

    @Test
    void a_wrong_signature_is_answered_400_and_recorded_unverified() throws Exception {
        String body = event("evt_2");
        long now = Instant.now().getEpochSecond();

        assertThat(post("evt_2", now, sign(randomSecret(), "evt_2", now, body), body)).isEqualTo(400);
        assertThat(post("evt_2", now, sign(SECRET, "evt_2", now, body), body.replace("Zoë", "Zoe"))).isEqualTo(400);

        List<Attempt> attempts = receiver.attempts();
        assertThat(attempts).hasSize(2).allSatisfy(attempt -> {
            assertThat(attempt.id()).isEqualTo("evt_2");
            assertThat(attempt.verified()).isFalse();
            assertThat(attempt.status()).isEqualTo(400);
            assertThat(attempt.error()).contains("No matching signature");
            assertThat(attempt.payload()).isNull();
        });
        assertThat(receiver.delivered()).isEmpty();
    }

    @Test
    void a_timestamp_ten_minutes_old_is_rejected_even_when_correctly_signed() throws Exception {
        String body = event("evt_3");
        long old = Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond();

        assertThat(post("evt_3", old, sign(SECRET, "evt_3", old, body), body)).isEqualTo(400);

        assertThat(receiver.attempts()).singleElement().satisfies(attempt -> {
            assertThat(attempt.verified()).isFalse();
            assertThat(attempt.error()).contains("too old");
        });
    }

    @Test
    void fail_first_answers_500_to_the_first_attempts_of_every_id() throws Exception {
        receiver.failFirst(2);
        String body = event("evt_4");

        assertThat(List.of(deliver("evt_4", body), deliver("evt_4", body), deliver("evt_4", body)))
                .containsExactly(500, 500, 200);
        assertThat(deliver("evt_5", event("evt_5"))).isEqualTo(500);

        assertThat(receiver.attempts()).extracting(Attempt::id, Attempt::attempt, Attempt::status).containsExactly(
                tuple("evt_4", 1, 500),
                tuple("evt_4", 2, 500),
                tuple("evt_4", 3, 200),
                tuple("evt_5", 1, 500));
        assertThat(receiver.delivered()).extracting(Attempt::id, Attempt::attempt)
                .containsExactly(tuple("evt_4", 3));
    }

    @Test
    void fail_ids_fail_all_and_reset() throws Exception {
        receiver.failIds(Map.of("evt_6", 1));
        assertThat(deliver("evt_6", event("evt_6"))).isEqualTo(500);
        assertThat(deliver("evt_6", event("evt_6"))).isEqualTo(200);
        assertThat(deliver("evt_7", event("evt_7"))).isEqualTo(200);

        receiver.failAll(true);
        assertThat(deliver("evt_7", event("evt_7"))).isEqualTo(500);
        receiver.failAll(false);
        assertThat(deliver("evt_7", event("evt_7"))).isEqualTo(200);
        assertThat(receiver.attempts()).hasSize(5);

        receiver.reset();
        assertThat(receiver.attempts()).isEmpty();
        assertThat(deliver("evt_6", event("evt_6"))).isEqualTo(200);
        assertThat(receiver.attempts()).singleElement().extracting(Attempt::attempt).isEqualTo(1);
    }

    @Test
    void delay_holds_the_answer_back() throws Exception {
        receiver.delayMs(300);
        long start = System.nanoTime();

        assertThat(deliver("evt_8", event("evt_8"))).isEqualTo(200);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
}
