package dev.roster.bench;

import dev.roster.api.Actions;
import dev.roster.api.BenchNoopAction;

/** What a bench request does, by its name in {@code --mix}: each maps to one Action under its version. */
public enum BenchAction {
    UPDATE("update", "BatchUpdateUser", Actions.VERSION),
    GET("get", "BatchGetUser", Actions.VERSION),
    NOOP("noop", BenchNoopAction.NAME, Actions.ROSTER_VERSION);

    private final String mixName;
    private final String action;
    private final String version;

    BenchAction(String mixName, String action, String version) {
        this.mixName = mixName;
        this.action = action;
        this.version = version;
    }

    /** Its name in {@code --mix}. */
    public String mixName() {
        return mixName;
    }

    /** The Action it calls. */
    public String action() {
        return action;
    }

    /** The path and query of its requests. */
    String pathAndQuery() {
        return "/?Action=" + action + "&Version=" + version;
    }

    static BenchAction byMixName(String name) {
        for (BenchAction candidate : values()) {
            if (candidate.mixName.equals(name)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown request kind '" + name + "' in --mix; known: update, get, noop");
    }
}
