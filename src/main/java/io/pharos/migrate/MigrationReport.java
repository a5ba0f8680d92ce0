package io.pharos.migrate;

import java.io.PrintStream;
import java.util.List;

/**
 * What a migration did, per table and overall; printed as a table and written as JSON with {@code --report}
 * (also when the run fails: {@code ok} false, {@code failedStep} where it stopped, {@code error} saying why, the tables
 * verified so far). URLs are masked; {@code source}, {@code target} and {@code schemaVersion} are null when the run
 * stopped before it knew them.
 *
 * @param failedStep null when {@code ok}; else one of options, source, target, plan, copy, derived indexes, reject file
 */
public record MigrationReport(String source, String target, String schemaVersion, boolean dryRun, boolean ok, String failedStep, String error,
                              List<TableReport> tables, List<String> derivedIndexes, String rejectFile,
                              long rows, long rejected, double seconds, double rowsPerSecond, double megabytesPerSecond,
                              List<String> notes) {

    /** One table: rows in the source, migrated, rejected, time, and the two checksums. */
    public record TableReport(String table, long sourceRows, long migrated, long rejected, double seconds,
                              double rowsPerSecond, String sourceChecksum, String targetChecksum, boolean checksumMatch,
                              List<String> differences) {}

    /** This report with {@code more} notes in place of its own. */
    public MigrationReport withNotes(List<String> more) {
        return new MigrationReport(source, target, schemaVersion, dryRun, ok, failedStep, error, tables, derivedIndexes, rejectFile, rows,
                rejected, seconds, rowsPerSecond, megabytesPerSecond, List.copyOf(more));
    }

    public void print(PrintStream out) {
        out.printf("%s %s -> %s (schema %s)%n", dryRun ? "Plan (dry run):" : "Migrated", source, target, schemaVersion);
        notes.forEach(n -> out.println("  " + n));
        out.printf("%-32s %12s %12s %9s %9s %11s  %-16s%n", "table", "source", "migrated", "rejected", "seconds", "rows/s", dryRun ? "" : "checksum");
        for (TableReport t : tables) {
            out.printf("%-32s %12d %12d %9d %9.1f %11.0f  %-16s%n", t.table(), t.sourceRows(), t.migrated(), t.rejected(), t.seconds(),
                    t.rowsPerSecond(), dryRun ? "" : t.checksumMatch() ? "match " + t.targetChecksum().substring(0, 8) : "MISMATCH");
            t.differences().forEach(d -> out.println("    " + d));
        }
        if (!dryRun) {
            out.printf("total: %d rows migrated, %d rejected, %.1f s, %.0f rows/s, %.1f MB/s%s%n", rows, rejected, seconds, rowsPerSecond,
                    megabytesPerSecond, rejectFile == null ? "" : "; rejects in " + rejectFile);
            if (!derivedIndexes.isEmpty()) out.println("rebuilt: " + String.join(", ", derivedIndexes));
        }
    }
}
