package dev.roster.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.auth.Credentials;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pre-built requests: spread over keys and AppIds, a new NickName each time, signed again on demand. */
class BenchWorkloadTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static BenchSettings settings(List<BenchKey> keys, Mix mix, int registeredUsers) {
        return new BenchSettings(URI.create("http://127.0.0.1:8080"), keys, List.of(1, 2), "cn-north-1", 0, 1,
                Duration.ofSeconds(1), Duration.ZERO, mix, 10, registeredUsers, false, null);
    }

    private static BenchKey key(String id, Integer... apps) {
        return new BenchKey(new Credentials(id, id + "-secret"), List.of(apps));
    }

    private static String text(SignedRequest request) {
        return new String(request.body(), StandardCharsets.UTF_8);
    }

    @Test
    void requests_go_round_robin_over_every_key_and_app_id_it_may_use() {
        BenchSettings settings = settings(List.of(key("AKLTa", 7), key("AKLTb"), key("AKLTc", 8, 9)),
                Mix.only(BenchAction.UPDATE), 100);
        Workload workload = Workload.build(settings, new NickNames("t"), NOW);
        Map<String, Integer> perTarget = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            SignedRequest request = workload.next();
            String key = request.signature().authorization().replaceAll(".*Credential=(\\w+)/.*", "$1");
            String app = text(request).replaceAll("\\{\"AppId\":(\\d+),.*", "$1");
            perTarget.merge(key + "@" + app, 1, Integer::sum);
        }
        assertThat(perTarget).containsOnlyKeys("AKLTa@7", "AKLTb@1", "AKLTb@2", "AKLTc@8", "AKLTc@9")
                .allSatisfy((target, count) -> assertThat(count).isEqualTo(100));
    }

    @Test
    void each_update_of_a_block_sets_another_nick_name_than_the_one_before() {
        Workload workload = Workload.build(settings(List.of(key("AKLTa", 7)), Mix.only(BenchAction.UPDATE), 30),
                new NickNames("run1"), NOW);
        Map<String, String> lastNickByBlock = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String body = text(workload.next());
            String block = body.replaceAll(".*?\"UserId\":(\\d+).*", "$1");
            String nick = body.replaceAll(".*?\"NickName\":\"([^\"]+)\".*", "$1");
            assertThat(nick).startsWith("bench run1 ").isNotEqualTo(lastNickByBlock.put(block, nick));
        }
        assertThat(lastNickByBlock).containsOnlyKeys("1", "11", "21");
    }

    @Test
    void gets_read_blocks_of_users_per_request_and_the_mix_holds_per_key() {
        BenchSettings settings = settings(List.of(key("AKLTa", 7), key("AKLTb", 8)), Mix.parse("update=3,get=1"), 20);
        Workload workload = Workload.build(settings, new NickNames("t"), NOW);
        List<String> kinds = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            SignedRequest request = workload.next();
            kinds.add(request.action().mixName() + "@" + text(request).replaceAll("\\{\"AppId\":(\\d+),.*", "$1"));
            if (request.action() == BenchAction.GET) {
                assertThat(text(request)).matches("\\{\"AppId\":\\d+,\"UserIds\":\\[(1,2,|11,12,).*\\]}");
            }
        }
        assertThat(kinds.stream().filter(k -> k.equals("get@7"))).hasSize(2);
        assertThat(kinds.stream().filter(k -> k.equals("get@8"))).hasSize(2);
    }

    @Test
    void signing_again_dates_every_request_anew_without_touching_bodies() {
        Workload workload = Workload.build(settings(List.of(key("AKLTa", 7)), Mix.only(BenchAction.GET), 10),
                new NickNames("t"), NOW);
        SignedRequest before = workload.next();
        workload.resign(NOW.plusSeconds(61));
        SignedRequest after = workload.next();
        assertThat(before.signature().xDate()).isEqualTo("20261126T100000Z");
        assertThat(after.signature().xDate()).isEqualTo("20261126T100101Z");
        assertThat(after.body()).isSameAs(before.body());
        assertThat(after.signature().authorization()).isNotEqualTo(before.signature().authorization());
    }

    @Test
    void many_keys_share_a_bounded_number_of_signed_requests() {
        List<BenchKey> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            keys.add(key("AKLTk" + i, 1000 + i));
        }
        Workload workload = Workload.build(settings(keys, Mix.parse("update=90,get=10"), 10_000), new NickNames("t"),
                NOW);
        assertThat(workload.size()).isPositive().isLessThanOrEqualTo(Workload.SIGNED_REQUEST_BUDGET);
        assertThat(Workload.blocksPerSlot(1000, 200, 2)).as("60,000 / 200 slots / (2 × 2 kinds)").isEqualTo(75);
        assertThat(Workload.blocksPerSlot(3, 1, 2)).as("few users: all of them").isEqualTo(3);
    }
}
