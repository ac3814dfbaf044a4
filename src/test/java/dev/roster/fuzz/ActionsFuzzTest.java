package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.api.Action;
import dev.roster.api.Actions;
import dev.roster.api.BatchGetUserResult;
import dev.roster.api.Call;
import dev.roster.api.FailedInfosResult;
import dev.roster.api.RequestJson;
import dev.roster.api.UserView;
import dev.roster.errors.ApiError;
import dev.roster.users.UserService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Fuzzes the decoding and handling of each Action's body, in process over the in-memory store: a body is
 * refused whole with a documented error and writes nothing, or is applied user by user, and a user
 * reported in FailedInfos is never written.
 */
class ActionsFuzzTest {
    private static final Set<ApiError> DOCUMENTED =
            EnumSet.of(ApiError.JSON_PARSING_ERROR, ApiError.INVALID_PARAM, ApiError.NO_AUTH);
    /** The scope of the key that calls: AppIds 1 and 2, so that any other AppId is NoAuth. */
    private static final IntPredicate SCOPE = appId -> appId == 1 || appId == 2;

    private final RecordingUserStore store = new RecordingUserStore();
    private final Actions actions = Actions.userActions(new UserService(store, Seeds.LIMITS,
            Clock.fixed(Instant.ofEpochMilli(Seeds.TIME + 1000), ZoneOffset.UTC)), Seeds.LIMITS, null, null);

    /** The last byte of the input picks the Action; the rest is the body. */
    @FuzzTest
    @DictionaryFile(resourcePath = "json.dict")
    void an_action_refuses_whole_or_user_by_user_and_never_writes_a_refused_user(FuzzedDataProvider data) {
        String name = Actions.USER_ACTIONS.get(data.consumeInt(0, Actions.USER_ACTIONS.size() - 1));
        byte[] body = data.consumeRemainingAsBytes();
        Action action = actions.find(name, Actions.VERSION).orElseThrow();
        store.reset(Seeds.users());

        Attempt<Object> outcome = Attempt.of(() -> action.handle(new Call(RequestJson.parseObject(body), SCOPE)),
                DOCUMENTED);
        List<RecordingUserStore.Write> writes = store.takeWrites();
        if (outcome.refused()) {
            WriteChecks.refusedWhole(writes, name + " " + outcome.error() + ": " + outcome.message());
            return;
        }
        ObjectNode json = RequestJson.parseObject(body);
        if (outcome.value() instanceof BatchGetUserResult read) {
            checkRead(json, read);
        }
        List<WriteChecks.Failed> failed = new ArrayList<>();
        if (outcome.value() instanceof FailedInfosResult result) {
            result.failedInfos().forEach(f -> failed.add(new WriteChecks.Failed(f.userId(), f.code(), f.message())));
        }
        WriteChecks.accepted(name, json, failed, writes, Seeds.LIMITS);
    }

    /** BatchGetUser lists each id it was asked for once, found or not, in request order. */
    private static void checkRead(ObjectNode body, BatchGetUserResult read) {
        List<Long> asked = new ArrayList<>(new LinkedHashSet<>(WriteChecks.userIds("BatchGetUser", body)));
        List<Long> found = read.users().stream().map(UserView::userId).toList();
        assertThat(found).isSubsetOf(asked).doesNotHaveDuplicates();
        assertThat(read.notFoundUsers()).isSubsetOf(asked).doesNotHaveDuplicates().noneMatch(found::contains);
        assertThat(found.size() + read.notFoundUsers().size()).isEqualTo(asked.size());
        assertThat(found).isEqualTo(asked.stream().filter(found::contains).toList());
        read.users().forEach(u -> assertThat(u.appId()).isEqualTo(body.get("AppId").intValue()));
    }
}
