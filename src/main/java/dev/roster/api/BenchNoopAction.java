package dev.roster.api;

import java.util.Map;

/**
 * BenchNoop ({@code serve --bench-noop} only): the floor of {@code roster bench compare}. It travels the
 * whole path of a real Action — route, signature over the body, rate limit, JSON, AppId and the key's
 * scope, envelope — and then answers {@code "Result": {}} without touching the store.
 */
public record BenchNoopAction() implements RosterAction {
    public static final String NAME = "BenchNoop";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Object handle(Call call) {
        call.appId();
        return Map.of();
    }
}
