package dev.roster.bench;

/**
 * When a run sends, on the {@link System#nanoTime} clock: from {@code start}, measured from
 * {@code measureFrom} (after the warm-up) until {@code end}, when sending stops.
 */
record Window(long start, long measureFrom, long end) {

    boolean measures(long sentAt) {
        return sentAt >= measureFrom;
    }
}
