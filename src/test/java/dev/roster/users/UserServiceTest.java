package dev.roster.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.roster.store.Cause;
import dev.roster.store.Profile;
import dev.roster.testing.MemoryUserStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserServiceTest {
    private static final int APP = 9;
    private final MemoryUserStore store = new MemoryUserStore();
    private final UserService users = new UserService(store, Limits.DEFAULTS,
            Clock.fixed(Instant.ofEpochMilli(123_000), ZoneOffset.UTC));

    private static Entry<NewProfile> named(long id, String nickName) {
        return Entry.of(id, new NewProfile(nickName, "", List.of(), Map.of(), false));
    }

    @Test
    void failures_are_reported_per_user_in_request_order_and_the_others_are_applied() {
        List<UserFailure> failures = users.register(APP, List.of(
                named(1, "a"),
                Entry.invalid(2, "NickName: must be a string"),
                named(3, "x".repeat(101)),
                named(1, "again"),
                named(4, "d")), Cause.NONE);

        assertThat(failures).containsExactly(
                new UserFailure(2, FailureCode.INVALID_PARAM, "NickName: must be a string"),
                new UserFailure(3, FailureCode.INVALID_PARAM, "NickName: at most 100 characters, got 101"),
                new UserFailure(1, FailureCode.DUPLICATE_USER_ID, "UserId appears earlier in this request"));
        assertThat(store.find(APP, List.of(1L, 2L, 3L, 4L))).containsOnlyKeys(1L, 4L);
        assertThat(store.find(APP, List.of(1L)).get(1L).nickName()).isEqualTo("a");
    }

    @Test
    void the_first_occurrence_of_an_id_claims_it_even_when_it_is_invalid() {
        List<UserFailure> failures = users.register(APP, List.of(named(5, "x".repeat(101)), named(5, "ok")), Cause.NONE);
        assertThat(failures).extracting(UserFailure::code)
                .containsExactly(FailureCode.INVALID_PARAM, FailureCode.DUPLICATE_USER_ID);
        assertThat(store.find(APP, List.of(5L))).isEmpty();
    }

    @Test
    void a_batch_with_nothing_valid_does_not_touch_the_store() {
        users.register(APP, List.of(named(6, "x".repeat(101))), Cause.NONE);
        assertThat(store.writes()).isZero();
    }

    @Test
    void update_of_an_unregistered_user_is_user_not_found_and_others_still_apply() {
        users.register(APP, List.of(named(10, "a")), Cause.NONE);
        List<UserFailure> failures = users.update(APP, List.of(
                Entry.of(11L, new ProfilePatch("b", null, null, null)),
                Entry.of(10L, new ProfilePatch("c", null, null, null))), Cause.NONE);
        assertThat(failures).containsExactly(new UserFailure(11, FailureCode.USER_NOT_FOUND, "user not registered"));
        assertThat(store.find(APP, List.of(10L)).get(10L).nickName()).isEqualTo("c");
    }

    @Test
    void invalid_param_wins_over_user_not_found() {
        List<UserFailure> failures = users.update(APP, List.of(
                Entry.of(12L, new ProfilePatch("x".repeat(101), null, null, null))), Cause.NONE);
        assertThat(failures).extracting(UserFailure::code).containsExactly(FailureCode.INVALID_PARAM);
    }

    @Test
    void a_user_with_any_invalid_field_is_not_written_at_all() {
        users.register(APP, List.of(named(13, "before")), Cause.NONE);
        List<UserFailure> failures = users.update(APP, List.of(
                Entry.of(13L, new ProfilePatch("after", null, List.of("ok", " "), null))), Cause.NONE);
        assertThat(failures).hasSize(1);
        assertThat(store.find(APP, List.of(13L)).get(13L).nickName()).isEqualTo("before");
    }

    @Test
    void unregister_and_tag_changes_report_unknown_and_repeated_ids() {
        users.register(APP, List.of(named(20, "a")), Cause.NONE);
        assertThat(users.changeTags(APP, List.of(20L, 21L, 20L), new TagChange(TagChange.Op.ADD, List.of("t")), Cause.NONE))
                .extracting(UserFailure::userId, UserFailure::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(21L, FailureCode.USER_NOT_FOUND),
                        org.assertj.core.groups.Tuple.tuple(20L, FailureCode.DUPLICATE_USER_ID));
        assertThat(store.find(APP, List.of(20L)).get(20L).tags()).containsExactly("t");
        assertThat(users.unregister(APP, List.of(21L, 20L), Cause.NONE)).extracting(UserFailure::userId).containsExactly(21L);
        assertThat(store.find(APP, List.of(20L))).isEmpty();
    }

    @Test
    void get_lists_each_id_once_in_request_order() {
        users.register(APP, List.of(named(31, "a"), named(32, "b")), Cause.NONE);
        UserService.Lookup lookup = users.get(APP, List.of(32L, 40L, 31L, 32L, 40L, 41L));
        assertThat(lookup.found()).extracting(Profile::userId).containsExactly(32L, 31L);
        assertThat(lookup.notFound()).containsExactly(40L, 41L);
    }

    @Test
    void apps_are_separate_namespaces() {
        users.register(APP, List.of(named(50, "in-app-9")), Cause.NONE);
        assertThat(users.get(APP + 1, List.of(50L)).notFound()).containsExactly(50L);
        assertThat(users.update(APP + 1, List.of(Entry.of(50L, new ProfilePatch("x", null, null, null))), Cause.NONE))
                .extracting(UserFailure::code).containsExactly(FailureCode.USER_NOT_FOUND);
    }
}
