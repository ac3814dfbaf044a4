package dev.roster.users;

import dev.roster.store.Profile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The semantics of each write Action on one stored profile, as pure functions: given the current
 * profile ({@code null} when not registered), the input and the time, return the {@link Outcome}.
 * Inputs are assumed to have passed the {@link Validator}; {@code ModifyTime} and the version move
 * only when the client-visible content really changes.
 */
public final class ProfileRules {
    private final Limits limits;

    public ProfileRules(Limits limits) {
        this.limits = limits;
    }

    /** RegisterUsers: replaces the whole profile, keeping CreateTime of an existing user. */
    public Outcome register(Profile current, int appId, long userId, NewProfile in, long now) {
        List<String> tags = distinct(in.tags());
        Map<String, String> ext = new LinkedHashMap<>(in.ext());
        ext.values().removeIf(String::isEmpty);
        if (current == null) {
            return new Outcome.Put(new Profile(appId, userId, in.nickName(), in.portrait(), tags, ext,
                    in.isRobot(), now, now, 1));
        }
        return changed(current, new Profile(appId, userId, in.nickName(), in.portrait(), tags, ext,
                in.isRobot(), current.createTime(), now, current.version() + 1));
    }

    /**
     * BatchUpdateUser: absent, {@code null} and {@code ""} NickName/Portrait are left alone; Tags
     * replace the list; Ext merges key by key and {@code ""} removes a key.
     */
    public Outcome update(Profile current, ProfilePatch patch, long now) {
        if (current == null) {
            return Outcome.notFound();
        }
        String nickName = isEmpty(patch.nickName()) ? current.nickName() : patch.nickName();
        String portrait = isEmpty(patch.portrait()) ? current.portrait() : patch.portrait();
        List<String> tags = patch.tags() == null ? current.tags() : distinct(patch.tags());
        Map<String, String> ext = current.ext();
        if (patch.ext() != null) {
            ext = new LinkedHashMap<>(current.ext());
            for (Map.Entry<String, String> e : patch.ext().entrySet()) {
                if (e.getValue().isEmpty()) {
                    ext.remove(e.getKey());
                } else {
                    ext.put(e.getKey(), e.getValue());
                }
            }
            if (ext.size() > limits.extKeys()) {
                return new Outcome.Fail(FailureCode.INVALID_PARAM,
                        "Ext: at most " + limits.extKeys() + " keys after merging, got " + ext.size());
            }
        }
        return changed(current, new Profile(current.appId(), current.userId(), nickName, portrait, tags, ext,
                current.isRobot(), current.createTime(), now, current.version() + 1));
    }

    /** BatchUpdateUserTags: adds tags not yet present, or removes those present. */
    public Outcome changeTags(Profile current, TagChange change, long now) {
        if (current == null) {
            return Outcome.notFound();
        }
        Set<String> tags = new LinkedHashSet<>(current.tags());
        if (change.op() == TagChange.Op.ADD) {
            tags.addAll(change.tags());
            if (tags.size() > limits.tagsPerUser()) {
                return new Outcome.Fail(FailureCode.TAG_LIMIT_EXCEEDED, "user would have " + tags.size()
                        + " tags; at most " + limits.tagsPerUser() + " are allowed");
            }
        } else {
            change.tags().forEach(tags::remove);
        }
        return changed(current, new Profile(current.appId(), current.userId(), current.nickName(),
                current.portrait(), new ArrayList<>(tags), current.ext(), current.isRobot(),
                current.createTime(), now, current.version() + 1));
    }

    /** UnRegisterUsers: removes a registered user. */
    public Outcome unregister(Profile current) {
        return current == null ? Outcome.notFound() : Outcome.DELETE;
    }

    private static Outcome changed(Profile current, Profile next) {
        return next.sameContentAs(current) ? Outcome.KEEP : new Outcome.Put(next);
    }

    private static List<String> distinct(List<String> tags) {
        return new ArrayList<>(new LinkedHashSet<>(tags));
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }
}
