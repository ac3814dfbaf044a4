package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.roster.auth.AppScope;
import dev.roster.auth.AuthorizationHeader;
import dev.roster.auth.Credentials;
import dev.roster.auth.KeyRing;
import dev.roster.auth.Principal;
import dev.roster.auth.RequestHead;
import dev.roster.auth.SecretCipher;
import dev.roster.auth.SignatureAuthenticator;
import dev.roster.auth.SignatureV4;
import dev.roster.errors.ApiError;
import dev.roster.store.AccessKey;
import dev.roster.testing.MemoryKeyStore;
import dev.roster.testing.RosterServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fuzzes the signature check on requests signed the way the SDKs sign them, then sometimes damaged in one
 * known way: an undamaged request is accepted unless its key, clock or region says otherwise, and each
 * damage is refused with the error decisions.md gives for it, checked in the documented order.
 */
class SignatureCheckFuzzTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofSeconds(900);
    private static final DateTimeFormatter X_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Credentials ROOT = RosterServerExtension.ROOT;
    private static final Credentials SCOPED = new Credentials("AKLTscoped", "scoped-secret-0123456789");
    private static final Credentials DISABLED = new Credentials("AKLTdisabled", "disabled-secret-0123456789");
    private static final List<Credentials> KEYS = List.of(ROOT, SCOPED, DISABLED);
    private static final Set<ApiError> AUTHENTICATION_ERRORS = EnumSet.of(ApiError.MISSING_AUTHENTICATION_TOKEN,
            ApiError.MISSING_REQUEST_INFO, ApiError.INVALID_ACCESS_KEY, ApiError.INVALID_TIMESTAMP,
            ApiError.SIGNATURE_DOES_NOT_MATCH);
    private static final SignatureAuthenticator AUTHENTICATOR = authenticator();

    /** What may be done to a request after it was signed; NONE first, so that empty input is a good request. */
    private enum Damage {
        NONE, NO_AUTHORIZATION, FUZZED_AUTHORIZATION, X_DATE_NOT_SIGNED, FUZZED_X_DATE, BODY_CHANGED,
        WRONG_UNSIGNED_HASH, NO_HASH_HEADER, METHOD_CHANGED, PATH_CHANGED, QUERY_CHANGED, SIGNATURE_CHANGED,
        SCOPE_DATE_NOT_X_DATE, WRONG_SECRET
    }

    @FuzzTest
    void a_request_is_accepted_or_refused_as_its_signature_says(FuzzedDataProvider data) {
        Damage damage = Damage.values()[data.consumeInt(0, Damage.values().length - 1)];
        Credentials key = KEYS.get(data.consumeInt(0, KEYS.size() - 1));
        int skewChoice = data.consumeInt(0, 2 * 1200);
        long skew = skewChoice % 2 == 0 ? skewChoice / 2 : -(skewChoice + 1) / 2;
        String region = switch (data.consumeInt(0, 2)) {
            case 0 -> "cn-north-1";
            case 1 -> "ap-singapore-1";
            default -> data.consumeString(16);
        };
        String method = switch (data.consumeInt(0, 2)) {
            case 0 -> "POST";
            case 1 -> "GET";
            default -> data.consumeString(8);
        };
        String path = data.consumeBoolean() ? data.consumeString(24) : "/";
        String query = data.consumeBoolean() ? data.consumeString(120) : "Action=RegisterUsers&Version=2020-12-01";
        Map<String, String> headers = new TreeMap<>();
        List<String> signed = new ArrayList<>(List.of("content-type", "host", "x-content-sha256", "x-date"));
        for (int n = data.consumeInt(0, 3); n > 0; n--) {
            String name = data.consumeString(12).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
            String value = data.consumeString(40);
            boolean isSigned = data.consumeBoolean();
            if (!name.isEmpty() && !signed.contains(name) && !name.equals("authorization")) {
                headers.put(name, value);
                if (isSigned) {
                    signed.add(name);
                }
            }
        }
        String fuzzedValue = data.consumeString(200);
        byte[] body = data.consumeRemainingAsBytes();

        String xDate = X_DATE.format(CLOCK.instant().plusSeconds(skew));
        String bodyHash = SignatureV4.sha256Hex(body);
        headers.put("content-type", "application/json");
        headers.put("host", "127.0.0.1:8080");
        headers.put("x-content-sha256", bodyHash);
        headers.put("x-date", xDate);
        if (damage == Damage.X_DATE_NOT_SIGNED) {
            signed.remove("x-date");
        }
        if (damage == Damage.WRONG_UNSIGNED_HASH || damage == Damage.NO_HASH_HEADER) {
            signed.remove("x-content-sha256");
        }
        signed.sort(null);
        String scopeDate = damage == Damage.SCOPE_DATE_NOT_X_DATE
                ? X_DATE.format(CLOCK.instant().plusSeconds(skew).plus(Duration.ofDays(1))).substring(0, 8)
                : xDate.substring(0, 8);
        String canonical = canonicalRequest(method, path, query, signed, headers, bodyHash);
        String secret = damage == Damage.WRONG_SECRET ? "not-the-secret-0123456789" : key.secretAccessKey();
        String signature = SignatureV4.sign(secret, xDate, scopeDate, region, canonical);
        headers.put("authorization", AuthorizationHeader.ALGORITHM + " Credential=" + key.accessKeyId() + "/"
                + scopeDate + "/" + region + "/rtc/request, SignedHeaders=" + String.join(";", signed)
                + ", Signature=" + (damage == Damage.SIGNATURE_CHANGED ? otherHex(signature) : signature));

        switch (damage) {
            case NO_AUTHORIZATION -> headers.remove("authorization");
            case FUZZED_AUTHORIZATION -> headers.put("authorization", fuzzedValue);
            case FUZZED_X_DATE -> headers.put("x-date", fuzzedValue);
            case BODY_CHANGED -> body = append(body, (byte) '!');
            case WRONG_UNSIGNED_HASH -> headers.put("x-content-sha256", SignatureV4.sha256Hex(append(body, (byte) '!')));
            case NO_HASH_HEADER -> headers.remove("x-content-sha256");
            case METHOD_CHANGED -> method = method + "X";
            case PATH_CHANGED -> path = path + "x";
            case QUERY_CHANGED -> query = query + "&Changed=1";
            default -> { }
        }
        RequestHead request = new RequestHead(method, path, query, headers);
        byte[] sent = body;
        Attempt<Principal> outcome = Attempt.of(() -> AUTHENTICATOR.authenticate(request, sent), AUTHENTICATION_ERRORS);
        assertThat(Attempt.of(() -> AUTHENTICATOR.authenticate(request, sent), AUTHENTICATION_ERRORS))
                .as("the same request checked twice").isEqualTo(outcome);

        ApiError expected = expected(damage, key, skew, region, fuzzedValue.equals(xDate));
        if (damage == Damage.FUZZED_AUTHORIZATION || (damage == Damage.FUZZED_X_DATE && !fuzzedValue.equals(xDate))) {
            assertThat(outcome.refused()).as("%s %s", damage, request).isTrue();
        } else if (expected != null) {
            assertThat(outcome.error()).as("%s %s: %s", damage, request, outcome.message()).isEqualTo(expected);
        } else {
            assertThat(outcome.error()).as("%s %s: %s", damage, request, outcome.message()).isNull();
            assertThat(outcome.value()).isEqualTo(new Principal(key.accessKeyId(),
                    key == SCOPED ? AppScope.of(Set.of(1)) : AppScope.ALL, region, key == ROOT));
        }
    }

    /** The error decisions.md's order of checks gives for this request, or null when it must be accepted. */
    private static ApiError expected(Damage damage, Credentials key, long skew, String region, boolean sameXDate) {
        if (damage == Damage.NO_AUTHORIZATION) {
            return ApiError.MISSING_AUTHENTICATION_TOKEN;
        }
        if (!region.matches(AuthorizationHeader.REGION_PATTERN) || damage == Damage.X_DATE_NOT_SIGNED
                || damage == Damage.SCOPE_DATE_NOT_X_DATE) {
            return ApiError.MISSING_REQUEST_INFO;
        }
        if (key == DISABLED) {
            return ApiError.INVALID_ACCESS_KEY;
        }
        if (Math.abs(skew) > MAX_SKEW.toSeconds()) {
            return ApiError.INVALID_TIMESTAMP;
        }
        return switch (damage) {
            case NONE, NO_HASH_HEADER -> null;
            case FUZZED_X_DATE -> sameXDate ? null : ApiError.SIGNATURE_DOES_NOT_MATCH;
            default -> ApiError.SIGNATURE_DOES_NOT_MATCH;
        };
    }

    /** {@link SignatureV4#canonicalRequest}, checked to be deterministic and laid out as documented. */
    private static String canonicalRequest(String method, String path, String query, List<String> signed,
            Map<String, String> headers, String bodyHash) {
        String canonical = SignatureV4.canonicalRequest(method, path, query, signed, headers, bodyHash);
        assertThat(SignatureV4.canonicalRequest(method, path, query, signed, headers, bodyHash)).isEqualTo(canonical);
        assertThat(canonical)
                .startsWith(method + "\n" + (path.isEmpty() ? "/" : path) + "\n" + SignatureV4.canonicalQuery(query) + "\n")
                .endsWith("\n\n" + String.join(";", signed) + "\n" + bodyHash);
        return canonical;
    }

    private static SignatureAuthenticator authenticator() {
        MemoryKeyStore store = new MemoryKeyStore();
        SecretCipher cipher = SecretCipher.plain();
        store.create(new AccessKey(SCOPED.accessKeyId(), cipher.seal(SCOPED.accessKeyId(), SCOPED.secretAccessKey()),
                Set.of(1), true, false, 0));
        store.create(new AccessKey(DISABLED.accessKeyId(),
                cipher.seal(DISABLED.accessKeyId(), DISABLED.secretAccessKey()), null, false, false, 0));
        return new SignatureAuthenticator(new KeyRing(store, cipher, CLOCK, ROOT), CLOCK, MAX_SKEW, Set.of());
    }

    private static String otherHex(String signature) {
        char first = signature.charAt(0);
        return (first == '0' ? '1' : '0') + signature.substring(1);
    }

    private static byte[] append(byte[] body, byte b) {
        byte[] longer = java.util.Arrays.copyOf(body, body.length + 1);
        longer[body.length] = b;
        return longer;
    }
}
