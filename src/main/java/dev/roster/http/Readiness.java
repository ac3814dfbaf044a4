package dev.roster.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** What {@code GET /readyz} checks: each dependency by name (the store, Redis if configured). */
public final class Readiness {
    private final Map<String, BooleanSupplier> checks;

    public Readiness(Map<String, BooleanSupplier> checks) {
        this.checks = new LinkedHashMap<>(checks);
    }

    /** Each check's state, "up" or "down", in order. */
    Map<String, String> check() {
        Map<String, String> states = new LinkedHashMap<>();
        checks.forEach((name, check) -> states.put(name, check.getAsBoolean() ? "up" : "down"));
        return states;
    }
}
