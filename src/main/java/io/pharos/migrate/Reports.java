package io.pharos.migrate;

import io.pharos.common.Jsons;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@link MigrationReport} from the plan and the validation results, and writes it as JSON. */
final class Reports {
    private Reports() {}

    static MigrationReport report(MigrateOptions o, Endpoint src, Endpoint tgt, String version, List<PlannedTable> plan,
                                 Map<String, Long> counts, List<Validator.Result> results, Map<String, Double> seconds,
                                 List<String> notes, long started, Path rejectFile, List<String> rebuilt, String error) {
        List<MigrationReport.TableReport> tables = new ArrayList<>();
        long rows = 0;
        long rejected = 0;
        long bytes = 0;
        for (PlannedTable t : plan) {
            Validator.Result r = results.stream().filter(x -> x.table().equals(t.name())).findFirst().orElse(null);
            double s = seconds.getOrDefault(t.name(), 0.0);
            long source = counts.get(t.name());
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
        double total = (System.nanoTime() - started) / 1e9;
        MigrationReport report = new MigrationReport(src.label(), tgt == null ? "(new file)" : tgt.label(), version, o.dryRun(), error == null, error, tables,
                rebuilt, rejectFile == null ? null : rejectFile.toString(), rows, rejected, round(total),
                total > 0 ? Math.round(rows / total) : 0, total > 0 ? round(bytes / 1e6 / total) : 0, notes);
        if (o.reportFile() != null) {
            try {
                Jsons.mapper().writerWithDefaultPrettyPrinter().writeValue(o.reportFile().toFile(), report);
            } catch (IOException e) {
                throw new MigrationException("cannot write the report " + o.reportFile() + ": " + e.getMessage(), e);
            }
        }
        return report;
    }

    private static double round(double d) {
        return Math.round(d * 10) / 10.0;
    }
}
