package dev.roster.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.roster.users.UserFailure;
import java.util.List;

/**
 * The {@code Result} of the write Actions. Like the real service's examples, a batch with no failed
 * user answers {@code "Result": {}}.
 */
public record FailedInfosResult(@JsonInclude(JsonInclude.Include.NON_EMPTY) List<FailedInfo> failedInfos) {

    static FailedInfosResult of(List<UserFailure> failures) {
        return new FailedInfosResult(FailedInfo.of(failures));
    }
}
