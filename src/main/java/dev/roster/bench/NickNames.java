package dev.roster.bench;

/**
 * The NickNames the bench writes. They carry a tag of the run, so that even the first update of a run
 * changes what an earlier run left behind, and the store really writes.
 */
record NickNames(String run) {
    /** What RegisterUsers gives every bench user. */
    static final String REGISTERED = "bench";

    static NickNames fresh() {
        return new NickNames(Long.toString(System.currentTimeMillis(), 36));
    }

    /** The NickName update number {@code i} sets. */
    String update(long i) {
        return "bench " + run + " " + i;
    }
}
