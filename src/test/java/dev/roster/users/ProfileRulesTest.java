package dev.roster.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.store.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProfileRulesTest {
    private static final long CREATED = 1_000;
    private static final long NOW = 5_000;

    private final ProfileRules rules = new ProfileRules(Limits.DEFAULTS);

    private static Profile stored() {
        return new Profile(7, 42, "alice", "https://a/p.png", List.of("vip", "cn"), Map.of("lang", "en", "tz", "+8"),
                false, CREATED, CREATED, 3);
    }

    private static Profile put(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Put.class);
        return ((Outcome.Put) outcome).profile();
    }

    @Nested
    class Register {
        @Test
        void a_new_user_gets_create_and_modify_time_now_and_version_1() {
            Profile p = put(rules.register(null, 7, 42,
                    new NewProfile("bob", "", List.of("a", "b", "a"), Map.of("k", "v"), true), NOW));
            assertThat(p.createTime()).isEqualTo(NOW);
            assertThat(p.modifyTime()).isEqualTo(NOW);
            assertThat(p.version()).isEqualTo(1);
            assertThat(p.tags()).containsExactly("a", "b");
            assertThat(p.isRobot()).isTrue();
        }

        @Test
        void registering_again_replaces_the_whole_profile_and_keeps_create_time() {
            Profile p = put(rules.register(stored(), 7, 42,
                    new NewProfile("bob", "", List.of(), Map.of("x", "1"), true), NOW));
            assertThat(p.nickName()).isEqualTo("bob");
            assertThat(p.portrait()).isEmpty();
            assertThat(p.tags()).isEmpty();
            assertThat(p.ext()).containsExactly(Map.entry("x", "1"));
            assertThat(p.isRobot()).isTrue();
            assertThat(p.createTime()).isEqualTo(CREATED);
            assertThat(p.modifyTime()).isEqualTo(NOW);
            assertThat(p.version()).isEqualTo(4);
        }

        @Test
        void an_empty_ext_value_is_not_stored() {
            Profile p = put(rules.register(null, 7, 42, new NewProfile("", "", List.of(), ordered("a", "", "b", "2"),
                    false), NOW));
            assertThat(p.ext()).containsExactly(Map.entry("b", "2"));
        }

        @Test
        void registering_the_same_profile_again_changes_nothing() {
            Profile s = stored();
            Outcome outcome = rules.register(s, 7, 42,
                    new NewProfile(s.nickName(), s.portrait(), s.tags(), s.ext(), s.isRobot()), NOW);
            assertThat(outcome).isEqualTo(Outcome.KEEP);
        }
    }

    @Nested
    class Update {
        @Test
        void an_unregistered_user_is_user_not_found() {
            Outcome outcome = rules.update(null, new ProfilePatch("x", null, null, null), NOW);
            assertThat(outcome).isEqualTo(new Outcome.Fail(FailureCode.USER_NOT_FOUND, "user not registered"));
        }

        @Test
        void absent_null_and_empty_nick_name_and_portrait_leave_them_unchanged() {
            assertThat(rules.update(stored(), new ProfilePatch(null, null, null, null), NOW)).isEqualTo(Outcome.KEEP);
            assertThat(rules.update(stored(), new ProfilePatch("", "", null, null), NOW)).isEqualTo(Outcome.KEEP);
        }

        @Test
        void a_non_empty_nick_name_replaces_it_and_moves_modify_time_and_version() {
            Profile p = put(rules.update(stored(), new ProfilePatch("carol", null, null, null), NOW));
            assertThat(p.nickName()).isEqualTo("carol");
            assertThat(p.portrait()).isEqualTo(stored().portrait());
            assertThat(p.modifyTime()).isEqualTo(NOW);
            assertThat(p.createTime()).isEqualTo(CREATED);
            assertThat(p.version()).isEqualTo(4);
        }

        @Test
        void tags_replace_the_whole_list_deduplicated_in_first_seen_order() {
            Profile p = put(rules.update(stored(), new ProfilePatch(null, null, List.of("x", "cn", "x"), null), NOW));
            assertThat(p.tags()).containsExactly("x", "cn");
        }

        @Test
        void empty_tags_clear_the_list() {
            Profile p = put(rules.update(stored(), new ProfilePatch(null, null, List.of(), null), NOW));
            assertThat(p.tags()).isEmpty();
        }

        @Test
        void tags_in_a_new_order_are_a_change() {
            Profile p = put(rules.update(stored(), new ProfilePatch(null, null, List.of("cn", "vip"), null), NOW));
            assertThat(p.tags()).containsExactly("cn", "vip");
        }

        @Test
        void ext_merges_key_by_key_and_an_empty_value_removes_the_key() {
            Profile p = put(rules.update(stored(),
                    new ProfilePatch(null, null, null, ordered("lang", "fr", "tz", "", "new", "1", "absent", "")), NOW));
            assertThat(p.ext()).containsExactlyInAnyOrderEntriesOf(Map.of("lang", "fr", "new", "1"));
        }

        @Test
        void an_empty_ext_object_changes_nothing() {
            assertThat(rules.update(stored(), new ProfilePatch(null, null, null, Map.of()), NOW)).isEqualTo(Outcome.KEEP);
        }

        @Test
        void an_update_that_sets_the_stored_values_is_a_no_op() {
            Profile s = stored();
            Outcome outcome = rules.update(s, new ProfilePatch(s.nickName(), s.portrait(), s.tags(), s.ext()), NOW);
            assertThat(outcome).isEqualTo(Outcome.KEEP);
        }

        @Test
        void ext_that_would_exceed_the_key_limit_after_merging_is_refused() {
            Map<String, String> many = new LinkedHashMap<>();
            for (int i = 0; i < 19; i++) {
                many.put("k" + i, "v");
            }
            Outcome outcome = rules.update(stored(), new ProfilePatch(null, null, null, many), NOW);
            assertThat(outcome).isEqualTo(new Outcome.Fail(FailureCode.INVALID_PARAM,
                    "Ext: at most 20 keys after merging, got 21"));
        }

        @Test
        void removals_count_before_the_key_limit_is_checked() {
            Map<String, String> patch = new LinkedHashMap<>();
            patch.put("lang", "");
            for (int i = 0; i < 18; i++) {
                patch.put("k" + i, "v");
            }
            assertThat(put(rules.update(stored(), new ProfilePatch(null, null, null, patch), NOW)).ext()).hasSize(19);
        }

        @Test
        void is_robot_is_not_touched_by_an_update() {
            Profile robot = new Profile(7, 42, "r", "", List.of(), Map.of(), true, CREATED, CREATED, 1);
            assertThat(put(rules.update(robot, new ProfilePatch("r2", null, null, null), NOW)).isRobot()).isTrue();
        }
    }

    @Nested
    class Tags {
        @Test
        void adding_ignores_tags_already_present_and_appends_new_ones() {
            Profile p = put(rules.changeTags(stored(), new TagChange(TagChange.Op.ADD, List.of("cn", "new")), NOW));
            assertThat(p.tags()).containsExactly("vip", "cn", "new");
            assertThat(p.modifyTime()).isEqualTo(NOW);
        }

        @Test
        void adding_only_present_tags_changes_nothing() {
            assertThat(rules.changeTags(stored(), new TagChange(TagChange.Op.ADD, List.of("cn")), NOW))
                    .isEqualTo(Outcome.KEEP);
        }

        @Test
        void removing_ignores_absent_tags() {
            Profile p = put(rules.changeTags(stored(), new TagChange(TagChange.Op.REMOVE, List.of("vip", "zz")), NOW));
            assertThat(p.tags()).containsExactly("cn");
            assertThat(rules.changeTags(stored(), new TagChange(TagChange.Op.REMOVE, List.of("zz")), NOW))
                    .isEqualTo(Outcome.KEEP);
        }

        @Test
        void adding_past_the_limit_is_tag_limit_exceeded() {
            List<String> many = new ArrayList<>();
            for (int i = 0; i < 99; i++) {
                many.add("t" + i);
            }
            Outcome outcome = rules.changeTags(stored(), new TagChange(TagChange.Op.ADD, many), NOW);
            assertThat(outcome).isEqualTo(new Outcome.Fail(FailureCode.TAG_LIMIT_EXCEEDED,
                    "user would have 101 tags; at most 100 are allowed"));
        }

        @Test
        void an_unregistered_user_is_user_not_found() {
            assertThat(rules.changeTags(null, new TagChange(TagChange.Op.ADD, List.of("a")), NOW))
                    .isEqualTo(Outcome.notFound());
        }
    }

    @Test
    void unregister_deletes_a_registered_user_and_refuses_an_unknown_one() {
        assertThat(rules.unregister(stored())).isEqualTo(Outcome.DELETE);
        assertThat(rules.unregister(null)).isEqualTo(Outcome.notFound());
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
