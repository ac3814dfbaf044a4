package dev.roster.api;

import dev.roster.store.Profile;
import java.util.List;
import java.util.Map;

/**
 * One element of BatchGetUser's and ListUsers' {@code Result.Users}; times are epoch milliseconds. {@code Version}
 * is Roster's addition (decisions.md: additive only, every official SDK still parses the answer).
 */
public record UserView(int appId, long userId, String nickName, String portrait, List<String> tags,
        Map<String, String> ext, boolean isRobot, long createTime, long modifyTime, long version) {

    public static UserView of(Profile p) {
        return new UserView(p.appId(), p.userId(), p.nickName(), p.portrait(), p.tags(), p.ext(), p.isRobot(),
                p.createTime(), p.modifyTime(), p.version());
    }
}
