package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.roster.store.Profile;
import dev.roster.users.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a request may have written, given what it was answered: nothing when it was refused whole or only
 * read; otherwise only users it names, never a user whose every occurrence was reported in FailedInfos,
 * and only profiles within the limits that would have been stored by the Action's rules.
 */
final class WriteChecks {
    static final Set<String> PER_USER_CODES = Set.of("UserNotFound", "InvalidParam", "DuplicateUserId", "TagLimitExceeded");

    /** One {@code FailedInfos} element. */
    record Failed(long userId, String code, String message) {}

    private WriteChecks() {}

    static void refusedWhole(List<RecordingUserStore.Write> writes, String what) {
        assertThat(writes).as("writes of a request refused whole: %s", what).isEmpty();
    }

    /** For a request the Action accepted: {@code body} is its JSON, {@code failed} its FailedInfos. */
    static void accepted(String action, ObjectNode body, List<Failed> failed, List<RecordingUserStore.Write> writes,
            Limits limits) {
        if (action.equals("BatchGetUser")) {
            assertThat(writes).as("writes of a read").isEmpty();
            return;
        }
        int appId = body.get("AppId").intValue();
        List<Long> named = userIds(action, body);
        Map<Long, Integer> occurrences = new HashMap<>();
        named.forEach(id -> occurrences.merge(id, 1, Integer::sum));
        Map<Long, Integer> failures = new HashMap<>();
        for (Failed f : failed) {
            assertThat(occurrences).as("FailedInfos names a user the request did not: %s", f).containsKey(f.userId());
            assertThat(PER_USER_CODES).as("per-user code of %s", f).contains(f.code());
            ClientMessages.check(f.message());
            failures.merge(f.userId(), 1, Integer::sum);
        }
        Set<Long> refused = new HashSet<>();
        failures.forEach((id, n) -> {
            assertThat(n).as("failures of user %d", id).isLessThanOrEqualTo(occurrences.get(id));
            if (n.equals(occurrences.get(id))) {
                refused.add(id);
            }
        });
        Set<Long> written = new HashSet<>();
        for (RecordingUserStore.Write w : writes) {
            assertThat(w.appId()).as("AppId written by %s", w).isEqualTo(appId);
            assertThat(occurrences).as("a user the request did not name was written: %s", w).containsKey(w.userId());
            assertThat(refused).as("a user reported in FailedInfos was written: %s", w).doesNotContain(w.userId());
            assertThat(written.add(w.userId())).as("user written twice by one request: %s", w).isTrue();
            checkWrite(action, w, limits);
        }
    }

    private static void checkWrite(String action, RecordingUserStore.Write w, Limits limits) {
        Profile before = w.before();
        Profile after = w.after();
        if (action.equals("UnRegisterUsers")) {
            assertThat(after).as("UnRegisterUsers only removes: %s", w).isNull();
            assertThat(before).as("UnRegisterUsers removed a user that was not registered: %s", w).isNotNull();
            return;
        }
        assertThat(after).as("%s only stores profiles: %s", action, w).isNotNull();
        if (!action.equals("RegisterUsers")) {
            assertThat(before).as("%s wrote a user that was not registered: %s", action, w).isNotNull();
        }
        if (before != null) {
            assertThat(after.sameContentAs(before)).as("a write that changes nothing: %s", w).isFalse();
            assertThat(after.createTime()).as("CreateTime kept: %s", w).isEqualTo(before.createTime());
            assertThat(after.version()).as("version: %s", w).isEqualTo(before.version() + 1);
        }
        assertThat(after.userId()).isEqualTo(w.userId());
        assertThat(after.appId()).isEqualTo(w.appId());
        withinLimits(after, limits);
    }

    /** The limits of decisions.md on a stored profile. */
    static void withinLimits(Profile p, Limits limits) {
        text(p.nickName(), limits.nickNameChars(), "NickName of " + p);
        text(p.portrait(), limits.portraitChars(), "Portrait of " + p);
        assertThat(p.tags()).as("tags of %s", p).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(limits.tagsPerUser());
        for (String tag : p.tags()) {
            assertThat(tag.strip()).as("blank tag in %s", p).isNotEmpty();
            text(tag, limits.tagChars(), "tag of " + p);
        }
        assertThat(p.ext()).as("Ext of %s", p).hasSizeLessThanOrEqualTo(limits.extKeys());
        p.ext().forEach((key, value) -> {
            int keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
            assertThat(keyBytes).as("Ext key bytes in %s", p).isBetween(1, limits.extKeyBytes());
            assertThat(key).as("Ext key in %s", p).doesNotStartWith("s:");
            text(key, limits.extKeyBytes(), "Ext key of " + p);
            assertThat(value).as("an empty Ext value is not stored: %s", p).isNotEmpty();
            assertThat(value.getBytes(StandardCharsets.UTF_8).length).as("Ext value bytes in %s", p)
                    .isLessThanOrEqualTo(limits.extValueBytes());
            text(value, limits.extValueBytes(), "Ext value of " + p);
        });
    }

    private static void text(String s, int maxCodePoints, String what) {
        assertThat(s.codePointCount(0, s.length())).as("length of %s", what).isLessThanOrEqualTo(maxCodePoints);
        assertThat(s).as("U+0000 in %s", what).doesNotContain("\0");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else {
                assertThat(Character.isSurrogate(c)).as("a lone surrogate in %s", what).isFalse();
            }
        }
    }

    /** The user ids an accepted request names, in order, repeats included. */
    static List<Long> userIds(String action, ObjectNode body) {
        List<Long> ids = new ArrayList<>();
        if (action.equals("RegisterUsers") || action.equals("BatchUpdateUser")) {
            body.get("Users").forEach(u -> ids.add(u.get("UserId").longValue()));
        } else {
            body.get("UserIds").forEach(id -> ids.add(id.longValue()));
        }
        return ids;
    }

    /** {@code Result.FailedInfos} of an answer, empty when absent. */
    static List<Failed> failedInfos(JsonNode result) {
        List<Failed> failed = new ArrayList<>();
        JsonNode infos = result.get("FailedInfos");
        if (infos != null) {
            infos.forEach(f -> {
                assertThat(f.get("UserId").isIntegralNumber()).as("UserId is a JSON number: %s", f).isTrue();
                failed.add(new Failed(f.get("UserId").longValue(), f.get("Code").asText(), f.get("Message").asText()));
            });
        }
        return failed;
    }
}
