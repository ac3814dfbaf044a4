package dev.roster.api;

/** One OpenAPI Action: decodes its request, runs it, and returns the {@code Result} object to render. */
public interface Action {

    /** The {@code Action} query value this handler answers. */
    String name();

    /** Its {@code Version}: Volcengine's for Volcengine's Actions, {@link Actions#ROSTER_VERSION} for Roster's own. */
    default String version() {
        return Actions.VERSION;
    }

    /** Throws {@link dev.roster.errors.ApiException} for whole-request errors. */
    Object handle(Call call);
}
