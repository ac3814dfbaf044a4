package dev.roster.users;

import java.util.List;
import java.util.Map;

/** A RegisterUsers item: the whole profile, absent fields already replaced by their defaults. */
public record NewProfile(String nickName, String portrait, List<String> tags, Map<String, String> ext,
        boolean isRobot) {
}
