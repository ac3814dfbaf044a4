package dev.roster.fuzz;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What one step of request handling did with a fuzzed input: produced a value, or refused the input with
 * one of the {@link ApiError}s that step is documented to answer. Any other exception is not caught, so
 * that Jazzer reports it as a finding; a refusal with an undocumented error fails here.
 */
record Attempt<T>(T value, ApiError error, String message) {

    static <T> Attempt<T> of(Supplier<T> step, Set<ApiError> documented) {
        try {
            return new Attempt<>(step.get(), null, null);
        } catch (ApiException e) {
            check(e, documented);
            return new Attempt<>(null, e.error(), e.getMessage());
        }
    }

    static Attempt<Void> run(Runnable step, Set<ApiError> documented) {
        return of(() -> {
            step.run();
            return null;
        }, documented);
    }

    boolean refused() {
        return error != null;
    }

    private static void check(ApiException e, Set<ApiError> documented) {
        if (!documented.contains(e.error())) {
            throw new AssertionError("refused with " + e.error() + ", which this step does not document ("
                    + documented + "): " + e.getMessage(), e);
        }
        ClientMessages.check(e.getMessage());
    }
}
