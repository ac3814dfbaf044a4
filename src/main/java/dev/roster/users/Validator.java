package dev.roster.users;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Checks profile fields against the {@link Limits}. Each check returns {@code null} when the value is
 * acceptable, or a message that names the field and the limit it breaks.
 */
public final class Validator {
    private static final String RESERVED_EXT_PREFIX = "s:";
    private static final int QUOTE_CHARS = 32;

    private final Limits limits;

    public Validator(Limits limits) {
        this.limits = limits;
    }

    /** A RegisterUsers item. */
    public String checkNew(NewProfile p) {
        String problem = checkText("NickName", p.nickName(), limits.nickNameChars());
        if (problem == null) {
            problem = checkText("Portrait", p.portrait(), limits.portraitChars());
        }
        if (problem == null) {
            problem = checkTags(p.tags());
        }
        if (problem == null) {
            problem = checkExt(p.ext());
        }
        return problem;
    }

    /** A BatchUpdateUser item; absent fields are not checked. */
    public String checkPatch(ProfilePatch p) {
        String problem = p.nickName() == null ? null : checkText("NickName", p.nickName(), limits.nickNameChars());
        if (problem == null && p.portrait() != null) {
            problem = checkText("Portrait", p.portrait(), limits.portraitChars());
        }
        if (problem == null && p.tags() != null) {
            problem = checkTags(p.tags());
        }
        if (problem == null && p.ext() != null) {
            problem = checkExt(p.ext());
        }
        return problem;
    }

    /** A list of tags: each tag valid, and no more distinct tags than one user may hold. */
    public String checkTags(List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            String field = "Tags[" + i + "]";
            if (tag.isBlank()) {
                return field + ": must not be blank";
            }
            String problem = checkText(field, tag, limits.tagChars());
            if (problem != null) {
                return problem;
            }
        }
        int distinct = new LinkedHashSet<>(tags).size();
        if (distinct > limits.tagsPerUser()) {
            return "Tags: at most " + limits.tagsPerUser() + " distinct tags, got " + distinct;
        }
        return null;
    }

    /** An Ext map as sent: key count, key and value sizes, the reserved prefix. */
    public String checkExt(Map<String, String> ext) {
        if (ext.size() > limits.extKeys()) {
            return "Ext: at most " + limits.extKeys() + " keys, got " + ext.size();
        }
        for (Map.Entry<String, String> e : ext.entrySet()) {
            String key = e.getKey();
            String field = "Ext key " + quote(key);
            int keyBytes = utf8Length(key);
            if (keyBytes == 0) {
                return "Ext: keys must not be empty";
            }
            if (keyBytes > limits.extKeyBytes()) {
                return field + ": at most " + limits.extKeyBytes() + " bytes, got " + keyBytes;
            }
            if (key.startsWith(RESERVED_EXT_PREFIX)) {
                return field + ": keys starting with \"" + RESERVED_EXT_PREFIX + "\" are reserved";
            }
            if (key.indexOf('\0') >= 0) {
                return field + ": must not contain U+0000";
            }
            String value = e.getValue();
            int valueBytes = utf8Length(value);
            if (valueBytes > limits.extValueBytes()) {
                return "Ext[" + quote(key) + "]: value at most " + limits.extValueBytes() + " bytes, got " + valueBytes;
            }
            if (value.indexOf('\0') >= 0) {
                return "Ext[" + quote(key) + "]: value must not contain U+0000";
            }
        }
        return null;
    }

    private static String checkText(String field, String value, int maxChars) {
        int chars = value.codePointCount(0, value.length());
        if (chars > maxChars) {
            return field + ": at most " + maxChars + " characters, got " + chars;
        }
        if (value.indexOf('\0') >= 0) {
            return field + ": must not contain U+0000";
        }
        return null;
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The key in quotes, shortened so that a hostile key cannot flood the answer. */
    private static String quote(String key) {
        if (key.codePointCount(0, key.length()) <= QUOTE_CHARS) {
            return "\"" + key + "\"";
        }
        return "\"" + key.substring(0, key.offsetByCodePoints(0, QUOTE_CHARS)) + "…\"";
    }
}
