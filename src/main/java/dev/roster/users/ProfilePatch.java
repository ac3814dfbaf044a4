package dev.roster.users;

import java.util.List;
import java.util.Map;

/**
 * A BatchUpdateUser item. A {@code null} field was absent or JSON {@code null} in the request and
 * leaves the stored value unchanged; see {@link ProfileRules#update} for the rest.
 */
public record ProfilePatch(String nickName, String portrait, List<String> tags, Map<String, String> ext) {
}
