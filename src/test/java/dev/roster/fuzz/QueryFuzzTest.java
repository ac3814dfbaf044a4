package dev.roster.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.roster.auth.SignatureV4;
import dev.roster.http.QueryParameters;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.Fields;

/**
 * Fuzzes the raw query string: every parameter the server reads must be signed with exactly the values
 * the server reads for it, so that no query can be signed as one thing and acted on as another.
 */
class QueryFuzzTest {
    private static final UriCompliance COMPLIANCE = new HttpConfiguration().getUriCompliance();

    @FuzzTest
    void the_query_the_signature_covers_is_the_query_the_server_reads(byte[] input) {
        String query = new String(input, StandardCharsets.UTF_8);
        String canonical = SignatureV4.canonicalQuery(query);
        assertThat(SignatureV4.canonicalQuery(query)).isEqualTo(canonical);
        assertThat(SignatureV4.canonicalQuery(canonical)).as("a canonical query is its own canonical form")
                .isEqualTo(canonical);

        Map<String, List<String>> read = readAsTheServerDoes(query);
        if (read == null) {
            return; // the server answers MissingParameter ("The query string is malformed")
        }
        assertThat(parameters(canonical))
                .as("the parameters the server reads from %s, as signed in %s", query, canonical)
                .isEqualTo(read);
    }

    /** The encoded values of a canonical query by encoded name, each list sorted. */
    private static Map<String, List<String>> parameters(String canonical) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (String pair : canonical.isEmpty() ? new String[0] : canonical.split("&")) {
            int eq = pair.indexOf('=');
            byName.computeIfAbsent(pair.substring(0, eq), n -> new ArrayList<>()).add(pair.substring(eq + 1));
        }
        byName.values().forEach(Collections::sort);
        return byName;
    }

    /**
     * The parameters as {@code ApiHandler} reads them (through {@link QueryParameters}, under the
     * connector's default URI compliance), names and values percent-encoded again, values sorted; or null
     * when the server refuses the query.
     */
    private static Map<String, List<String>> readAsTheServerDoes(String query) {
        Fields fields = QueryParameters.read(query, COMPLIANCE);
        if (fields == null) {
            return null;
        }
        Map<String, List<String>> byName = new TreeMap<>();
        for (Fields.Field field : fields) {
            List<String> values = new ArrayList<>();
            field.getValues().forEach(value -> values.add(Rfc3986.encode(value)));
            Collections.sort(values);
            byName.put(Rfc3986.encode(field.getName()), values);
        }
        return byName;
    }
}
