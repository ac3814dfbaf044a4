package dev.roster.api;

import dev.roster.users.UserFailure;
import java.util.List;

/** One element of {@code Result.FailedInfos}; {@code UserId} is a JSON number as the Go SDK requires. */
public record FailedInfo(long userId, String code, String message) {

    static List<FailedInfo> of(List<UserFailure> failures) {
        return failures.stream().map(f -> new FailedInfo(f.userId(), f.code().wire(), f.message())).toList();
    }
}
