package io.pharos.migrate;

import io.pharos.common.Jsons;
import io.pharos.common.Secrets;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link MigrationReport} from a {@link RunRecord}, and writes it as JSON when {@code --report}
 * is given: for every run that ends, a failed one too ({@code ok} false, the step and the error).
 */
final class Reports {
    private Reports() {}

    /** The report of a run that ended well (a dry run's plan, or a completed migration); written if asked. */
    static MigrationReport success(MigrateOptions o, RunRecord run) {
        MigrationReport report = build(o, run, null);
        write(o, report);
        return report;
    }

    /**
     * Writes the report of a run that failed with {@code failure}, if asked; a report that cannot be
     * written is added to {@code failure} as suppressed, so the reason the run stopped stays in front.
     */
    static void failure(MigrateOptions o, RunRecord run, RuntimeException failure) {
        if (o.reportFile() == null) return;
        try {
            String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
            write(o, build(o, run, Secrets.mask(message)));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    static MigrationReport build(MigrateOptions o, RunRecord run, String error) {
        List<MigrationReport.TableReport> tables = new ArrayList<>();
        long rows = 0;
        long rejected = 0;
        long bytes = 0;
        for (PlannedTable t : run.plan) {
            Validator.Result r = run.results.stream().filter(x -> x.table().equals(t.name())).findFirst().orElse(null);
            double s = run.seconds.getOrDefault(t.name(), 0.0);
            long source = run.counts.getOrDefault(t.name(), 0L);
            if (r == null) {
                tables.add(new MigrationReport.TableReport(t.name(), source, 0, 0, 0, 0, null, null, false, List.of()));
                continue;
            }
            rows += r.targetRows();   // migrated: what the target holds after validation
            rejected += r.rejected();
            bytes += r.bytes();
            tables.add(new MigrationReport.TableReport(t.name(), r.sourceRows(), r.targetRows(), r.rejected(), round(s),
                    s > 0 ? Math.round(r.targetRows() / s) : 0, r.sourceChecksum(), r.targetChecksum(), r.match(), r.differences()));
        }
        double total = (System.nanoTime() - run.started) / 1e9;
        return new MigrationReport(run.source, run.target, run.version, o.dryRun(), error == null, error == null ? null : run.step.label, error,
                tables, List.copyOf(run.rebuilt), run.rejectFile == null ? null : run.rejectFile.toString(), rows, rejected, round(total),
                total > 0 ? Math.round(rows / total) : 0, total > 0 ? round(bytes / 1e6 / total) : 0, List.copyOf(run.notes));
    }

    private static void write(MigrateOptions o, MigrationReport report) {
        if (o.reportFile() == null) return;
        try {
            Jsons.mapper().writerWithDefaultPrettyPrinter().writeValue(o.reportFile().toFile(), report);
        } catch (IOException e) {
            throw new MigrationException("cannot write the report " + o.reportFile() + ": " + e.getMessage(), e);
        }
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
