package dev.roster.api;

/** An Action of Roster's own, under {@link Actions#ROSTER_VERSION} (decisions.md, "Roster's own Actions"). */
interface RosterAction extends Action {

    @Override
    default String version() {
        return Actions.ROSTER_VERSION;
    }
}
