package dev.roster.api;

/** One OpenAPI Action: decodes its request, runs it, and returns the {@code Result} object to render. */
public interface Action {

    /** The {@code Action} query value this handler answers. */
    String name();

    /** Throws {@link dev.roster.errors.ApiException} for whole-request errors. */
    Object handle(Call call);
}
