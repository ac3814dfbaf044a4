package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.roster.auth.AuthorizationHeader;
import dev.roster.errors.ApiError;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fuzzes the {@code Authorization} header parser: any value parses into the documented shape or is
 * refused as {@code MissingRequestInfo}, and what it parses reads back the same when written again.
 */
class AuthorizationHeaderFuzzTest {
    private static final Set<ApiError> DOCUMENTED = EnumSet.of(ApiError.MISSING_REQUEST_INFO);

    @FuzzTest
    void an_authorization_header_parses_or_is_refused_as_missing_request_info(byte[] input) {
        String value = new String(input, StandardCharsets.UTF_8);
        Attempt<AuthorizationHeader> parsed = Attempt.of(() -> AuthorizationHeader.parse(value), DOCUMENTED);
        assertThat(Attempt.of(() -> AuthorizationHeader.parse(value), DOCUMENTED)).isEqualTo(parsed);
        if (parsed.refused()) {
            return;
        }
        AuthorizationHeader header = parsed.value();
        assertThat(header.accessKeyId()).isNotEmpty().doesNotContain("/", ",").doesNotContainPattern("\\s");
        assertThat(header.date()).matches("\\d{8}");
        assertThat(header.region()).matches(AuthorizationHeader.REGION_PATTERN);
        assertThat(header.service()).isEqualTo("rtc");
        assertThat(header.signedHeaders()).isNotEmpty()
                .allSatisfy(name -> assertThat(name).isNotEmpty().doesNotContain(";", ",").doesNotContainPattern("\\s"));
        assertThat(header.signature()).matches("[0-9a-fA-F]+");

        String written = AuthorizationHeader.ALGORITHM + " Credential=" + header.accessKeyId() + "/" + header.scope()
                + ", SignedHeaders=" + header.signedHeadersText() + ", Signature=" + header.signature();
        assertThat(AuthorizationHeader.parse(written)).as("%s written again as %s", value, written).isEqualTo(header);
    }
}
