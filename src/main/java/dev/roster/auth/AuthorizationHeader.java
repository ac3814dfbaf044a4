package dev.roster.auth;

import dev.roster.errors.ApiError;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Volcengine V4 {@code Authorization} header:
 * {@code HMAC-SHA256 Credential=AK/yyyyMMdd/region/service/request, SignedHeaders=a;b, Signature=hex}.
 * Whitespace after the commas is optional, as the SDKs differ.
 */
public record AuthorizationHeader(String accessKeyId, String date, String region, String service,
        List<String> signedHeaders, String signature) {

    public static final String ALGORITHM = "HMAC-SHA256";

    private static final Pattern FORM = Pattern.compile(
            "HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-fA-F]+)\\s*");
    private static final Pattern DATE = Pattern.compile("\\d{8}");
    /** What Roster accepts as a region, here and in its configuration. */
    public static final String REGION_PATTERN = "[a-z0-9-]{1,64}";
    private static final Pattern REGION = Pattern.compile(REGION_PATTERN);

    /** The canonical {@code SignedHeaders} string, as the client sent it. */
    public String signedHeadersText() {
        return String.join(";", signedHeaders);
    }

    /** The credential scope, {@code date/region/service/request}. */
    public String scope() {
        return date + "/" + region + "/" + service + "/request";
    }

    /**
     * Throws {@code MissingRequestInfo} unless the scope's region is one of {@code allowed}; an empty set
     * allows every well-formed region.
     */
    public AuthorizationHeader requireRegionIn(Set<String> allowed) {
        if (!allowed.isEmpty() && !allowed.contains(region)) {
            throw malformed("The region " + region + " is not served here; sign for one of: "
                    + String.join(", ", new TreeSet<>(allowed)));
        }
        return this;
    }

    /** Throws {@code MissingRequestInfo} unless the header has the V4 form with a well-formed scope. */
    public static AuthorizationHeader parse(String value) {
        Matcher form = FORM.matcher(value.strip());
        if (!form.matches()) {
            throw malformed("The Authorization header is not of the form "
                    + "'HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...'");
        }
        String[] credential = form.group(1).split("/", -1);
        if (credential.length != 5 || credential[0].isEmpty() || !DATE.matcher(credential[1]).matches()
                || !REGION.matcher(credential[2]).matches() || !"rtc".equals(credential[3])
                || !"request".equals(credential[4])) {
            throw malformed("The credential must be AccessKeyId/yyyyMMdd/region/rtc/request");
        }
        List<String> signed = List.of(form.group(2).split(";", -1));
        if (signed.stream().anyMatch(String::isEmpty)) {
            throw malformed("SignedHeaders must be header names separated by ';'");
        }
        return new AuthorizationHeader(credential[0], credential[1], credential[2], credential[3], signed,
                form.group(3));
    }

    private static RuntimeException malformed(String message) {
        return ApiError.MISSING_REQUEST_INFO.exception(message);
    }
}
