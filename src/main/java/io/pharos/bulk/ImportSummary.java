package io.pharos.bulk;

import java.time.Duration;

/** Counts of an import so far (or in the end), with the elapsed time. */
/** {@code updated}: lines without an id whose DOI, identifier or source named an existing resource that changed. */
public record ImportSummary(long lines, long imported, long updated, long skipped, long failed, boolean stopped, Duration elapsed) {

    /** Lines handled per second. */
    public double rate() {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        return lines / seconds;
    }
}
