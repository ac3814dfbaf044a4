package dev.roster.api;

/** One OpenAPI Action: decodes its request, runs it, and returns the {@code Result} object to render. */
public interface Action {

    /** The {@code Action} query value this handler answers. */
    String name();

    /** The {@code Version} it answers under: Volcengine's for its Actions, {@link Actions#ROSTER_VERSION} for Roster's own. */
    default String version() {
        return Actions.VERSION;
    }

    /** Throws {@link dev.roster.errors.ApiException} for whole-request errors. */
    Object handle(Call call);
}
