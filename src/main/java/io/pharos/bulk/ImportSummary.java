package io.pharos.bulk;

import java.time.Duration;

/** Counts of an import so far (or in the end), with the elapsed time. */
/** {@code updated}: lines without an id whose DOI, identifier or source named an existing resource that changed. */
public record ImportSummary(long lines, long imported, long updated, long skipped, long failed, boolean stopped, Duration elapsed) {

    /** The summary line {@code pharos import} prints for a JSON Lines file (the web import page shows the same). */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "imported %d, updated %d, skipped %d, failed %d%s; %d lines in %.1f s (%.0f lines/s)",
                imported, updated, skipped, failed, stopped ? " (stopped at the first error)" : "", lines, elapsed.toMillis() / 1000.0, rate());
    }

    /** Lines handled per second. */
    public double rate() {
        double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-9);
        return lines / seconds;
    }
}
