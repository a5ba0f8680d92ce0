package io.pharos.migrate;

import io.pharos.common.ConfigurationException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Jsons;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import io.pharos.config.SettingsLoader;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.db.bulk.TableDef;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pharos migrate}: copies a library between two databases (SQLite ⇄ PostgreSQL, or the same kind),
 * proves each table arrived (counts and checksums), and can resume after a crash.
 *
 * <p>Steps: open both; bring the target's schema to the source's version with the project's changesets;
 * read both catalogues and order the tables by foreign keys; refuse a non-empty target unless resuming or
 * truncating; per table copy then validate; rebuild derived indexes; write the reject file and the report.
 */
public final class MigrationService {

    private final List<DerivedIndexes> derivedIndexes;

    public MigrationService(List<DerivedIndexes> derivedIndexes) {
        this.derivedIndexes = List.copyOf(derivedIndexes);
    }

    public MigrationReport run(MigrateOptions o, Progress progress) {
        progress = progress == null ? Progress.silent() : progress;
        DatabaseUrl from = url("--from", o.from());
        DatabaseUrl to = url("--to", o.to());
        if (from.jdbcUrl().equals(to.jdbcUrl())) throw InvalidInputException.badRequest("--to", "--to is the same database as --from");
        if (o.resume() && o.truncate()) throw InvalidInputException.badRequest("--truncate", "--truncate cannot be combined with --resume");
        if (!o.tables().isEmpty() && !o.exclude().isEmpty()) throw InvalidInputException.badRequest("--exclude", "--exclude cannot be combined with --tables");
        if (o.batchSize() < 1 || o.batchSize() > 1_000_000) throw InvalidInputException.badRequest("--batch-size", "--batch-size must be between 1 and 1000000");
        long started = System.nanoTime();
        try (Database source = Database.open(settings(o.from())); Database target = o.dryRun() && absentFile(to) ? null : Database.open(settings(o.to()))) {
            Endpoint src = Endpoint.of(source);
            String version = sourceVersion(source);
            List<String> notes = new ArrayList<>();
            if (target == null) return dryRunNewFile(o, src, to, version);
            Endpoint tgt = Endpoint.of(target);
            boolean atVersion = prepareSchema(target, version, o.dryRun(), notes);
            List<TableDef> sourceCatalog = catalog(src);
            List<TableDef> targetCatalog = atVersion ? catalog(tgt) : sourceCatalog;
            List<PlannedTable> plan = MigrationPlan.build(sourceCatalog, targetCatalog, o.tables(), o.exclude());
            Map<String, Long> counts = count(src, plan);
            if (atVersion) checkTarget(o, tgt, plan, notes);
            if (o.dryRun()) notes.addAll(Retry.run("checking the target", tgt, tgt, () -> {
                try (Connection c = tgt.reader()) {
                    return tgt.bulk().loadReadiness(c);
                }
            }));
            if (o.dryRun()) return report(o, src, tgt, version, plan, counts, List.of(), Map.of(), notes, started, null, List.of());

            progress.plan(counts);
            TableCopier copier = new TableCopier(src, tgt, o, progress);
            Validator validator = new Validator(src, tgt, Math.max(o.batchSize(), 1000));
            List<Validator.Result> results = new ArrayList<>();
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (PlannedTable t : plan) {
                long t0 = System.nanoTime();
                progress.start(t.name());
                copier.copy(t);
                progress.finish(t.name());
                Validator.Result r = validator.validate(t);
                seconds.put(t.name(), (System.nanoTime() - t0) / 1e9);
                results.add(r);
                if (!r.match()) {
                    throw new MigrationException("validation failed for table " + t.name() + ": " + String.join("; ", r.differences()));
                }
                withTarget(tgt, "recording " + t.name() + " as verified", c -> Checkpoints.status(c, t.name(), Checkpoints.Status.VERIFIED));
                progress.verified(t.name(), r.targetRows(), r.rejected(), r.targetChecksum());
            }
            progress.close();
            List<String> rebuilt = new ArrayList<>();
            for (DerivedIndexes d : derivedIndexes) {
                d.rebuild(target);
                rebuilt.add(d.name());
            }
            Path rejectFile = writeRejects(o, tgt, results);
            return report(o, src, tgt, version, plan, counts, results, seconds, notes, started, rejectFile, rebuilt);
        } finally {
            progress.close();
        }
    }

    private static DatabaseUrl url(String option, String raw) {
        if (raw == null || raw.isBlank()) throw InvalidInputException.badRequest(option, option + " is required");
        try {
            return DatabaseUrl.parse(raw);
        } catch (ConfigurationException e) {
            throw InvalidInputException.badRequest(option, option + " " + e.getMessage().replaceFirst("^DATABASE_URL: ", ""));
        }
    }

    private static Settings settings(String url) {
        // no statement timeout: a validation pass or a foreign-key restore may run long on a big table
        return SettingsLoader.load(Map.of(), null, Map.of("DATABASE_URL", url,
                "PHAROS_DB_STATEMENT_TIMEOUT_MS", "0", "PHAROS_DB_POOL_SIZE", "4", "PHAROS_DB_CONNECTION_TIMEOUT_MS", "60000"));
    }

    private static boolean absentFile(DatabaseUrl url) {
        return url.sqliteFile() != null && !Files.exists(url.sqliteFile());
    }

    private static String sourceVersion(Database source) {
        SchemaMigrator.Status s = hasChangelog(source) ? new SchemaMigrator(source).status() : null;
        if (s == null || s.currentVersion() == null) {
            throw new MigrationException("the source " + source.url().masked() + " has no Pharos schema version: is it a Pharos library?");
        }
        return s.currentVersion();
    }

    /** Brings the target's schema to {@code version}; false when a dry run left it below. */
    private static boolean prepareSchema(Database target, String version, boolean dryRun, List<String> notes) {
        target.read(h -> { target.dialect().checkPrerequisites(h); return null; });
        SchemaMigrator m = new SchemaMigrator(target);
        // Liquibase creates its tables when asked for the status: a dry run must not, so look first
        String current = hasChangelog(target) ? m.status().currentVersion() : null;
        if (current != null && current.compareTo(version) > 0) {
            throw new MigrationException("the target's schema (" + current + ") is newer than the source's (" + version
                    + "): downgrade it ('pharos db downgrade --to " + version + "') or use an empty target");
        }
        if (version.equals(current)) {
            notes.add("target schema already at " + version);
            return true;
        }
        if (dryRun) {
            notes.add("would upgrade the target schema from " + (current == null ? "nothing" : current) + " to " + version);
            return false;
        }
        m.upgradeTo(version);
        notes.add("upgraded the target schema from " + (current == null ? "nothing" : current) + " to " + version);
        return true;
    }

    private static boolean hasChangelog(Database db) {
        return db.read(h -> {
            try (ResultSet rs = h.getConnection().getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    if (rs.getString("TABLE_NAME").equalsIgnoreCase("databasechangelog")) return true;
                }
                return false;
            } catch (SQLException e) {
                throw new MigrationException("cannot read the catalogue of " + db.url().masked() + ": " + e.getMessage(), e);
            }
        });
    }

    private static List<TableDef> catalog(Endpoint e) {
        return Retry.run("reading the catalogue of " + e.label(), e, e, () -> {
            try (Connection c = e.reader()) {
                return e.bulk().catalog(c, Checkpoints.TABLES);
            }
        });
    }

    private static Map<String, Long> count(Endpoint e, List<PlannedTable> plan) {
        return Retry.run("counting rows", e, e, () -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (Connection c = e.reader(); Statement s = c.createStatement()) {
                for (PlannedTable t : plan) {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + e.bulk().quote(t.name()))) {
                        rs.next();
                        counts.put(t.name(), rs.getLong(1));
                    }
                }
            }
            return counts;
        });
    }

    /** Refuses a non-empty target unless resuming or truncating; truncates when asked. */
    private static void checkTarget(MigrateOptions o, Endpoint tgt, List<PlannedTable> plan, List<String> notes) {
        Map<String, Long> counts = count(tgt, plan);
        String nonEmpty = counts.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + " (" + e.getValue() + " rows)")
                .reduce((a, b) -> a + ", " + b).orElse(null);
        boolean checkpointed = hasCheckpoints(tgt);
        if (o.truncate()) {
            if (o.dryRun()) {
                notes.add("would empty the target's tables" + (nonEmpty == null ? "" : ": " + nonEmpty));
                return;
            }
            withTarget(tgt, "emptying the target", c -> {
                c.setAutoCommit(true);
                tgt.bulk().beginLoadSession(c);
                c.setAutoCommit(false);
                List<String> restore = new ArrayList<>();
                if (checkpointed) {
                    for (PlannedTable t : plan) {
                        Checkpoints.State st = Checkpoints.get(c, t.name());
                        if (st != null && st.status() == Checkpoints.Status.COPYING) restore.addAll(st.restore());
                    }
                }
                tgt.bulk().truncate(c, plan.reversed().stream().map(PlannedTable::name).toList());
                try (Statement s = c.createStatement()) {
                    for (String r : restore) s.execute(r);
                }
                Checkpoints.create(c);
                Checkpoints.clear(c);
                c.commit();
                c.setAutoCommit(true);
                tgt.bulk().endLoadSession(c);
            });
            notes.add("emptied the target's tables" + (nonEmpty == null ? "" : ": " + nonEmpty));
            return;
        }
        if (o.resume()) {
            if (!checkpointed && nonEmpty != null) {
                throw new MigrationException("--resume: the target holds data (" + nonEmpty + ") but no migration checkpoint; use --truncate to replace its contents");
            }
            notes.add(checkpointed ? "resuming from the checkpoints in the target" : "nothing to resume: starting afresh");
        } else if (nonEmpty != null || checkpointed) {
            throw new MigrationException("the target is not empty (" + (nonEmpty == null ? "an interrupted migration is recorded in it" : nonEmpty)
                    + "): use --resume to continue an interrupted migration or --truncate to replace its contents");
        }
        if (!o.dryRun()) withTarget(tgt, "creating the checkpoint tables", Checkpoints::create);
    }

    private static boolean hasCheckpoints(Endpoint tgt) {
        return Retry.run("reading checkpoints", tgt, tgt, () -> {
            try (Connection c = tgt.reader()) {
                List<String> names = tgt.bulk().catalog(c, List.of()).stream().map(TableDef::name).toList();
                if (!names.contains(Checkpoints.TABLE)) return false;
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + Checkpoints.TABLE)) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            }
        });
    }

    interface TargetWork {
        void run(Connection c) throws SQLException;
    }

    private static void withTarget(Endpoint tgt, String what, TargetWork work) {
        Retry.run(what, tgt, tgt, () -> {
            try (Connection c = tgt.writer()) {
                try {
                    work.run(c);
                    if (!c.getAutoCommit()) c.commit();
                } finally {
                    if (!c.getAutoCommit()) c.rollback();
                    c.setAutoCommit(true);
                    tgt.bulk().endLoadSession(c);
                }
            }
            return null;
        });
    }

    private static Path writeRejects(MigrateOptions o, Endpoint tgt, List<Validator.Result> results) {
        long rejected = results.stream().mapToLong(Validator.Result::rejected).sum();
        if (rejected == 0 && o.rejectFile() == null) return null;
        Path file = o.rejectFile() != null ? o.rejectFile() : Path.of("pharos-migrate-rejects.jsonl");
        return Retry.run("writing the reject file", tgt, tgt, () -> {
            try (Connection c = tgt.reader(); BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                Checkpoints.forEachReject(c, line -> {
                    try {
                        w.write(line);
                        w.write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            } catch (IOException | java.io.UncheckedIOException e) {
                throw new MigrationException("cannot write the reject file " + file + ": " + e.getMessage(), e);
            }
            return file;
        });
    }

    private static MigrationReport dryRunNewFile(MigrateOptions o, Endpoint src, DatabaseUrl to, String version) {
        List<PlannedTable> plan = MigrationPlan.build(catalog(src), catalog(src), o.tables(), o.exclude());
        Map<String, Long> counts = count(src, plan);
        List<String> notes = new ArrayList<>();
        Path file = to.sqliteFile().toAbsolutePath();
        Path dir = file.getParent();
        try {
            long free = Files.getFileStore(Files.exists(dir) ? dir : Path.of(".").toAbsolutePath()).getUsableSpace();
            notes.add("would create " + file + " (" + (free >> 20) + " MiB free there) at schema " + version);
        } catch (IOException e) {
            notes.add("would create " + file + " (free space unknown: " + e.getMessage() + ")");
        }
        return report(o, src, null, version, plan, counts, List.of(), Map.of(), notes, System.nanoTime(), null, List.of());
    }

    private static MigrationReport report(MigrateOptions o, Endpoint src, Endpoint tgt, String version, List<PlannedTable> plan,
                                          Map<String, Long> counts, List<Validator.Result> results, Map<String, Double> seconds,
                                          List<String> notes, long started, Path rejectFile, List<String> rebuilt) {
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
            rows += r.targetRows();
            rejected += r.rejected();
            bytes += r.bytes();
            tables.add(new MigrationReport.TableReport(t.name(), r.sourceRows(), r.targetRows(), r.rejected(), round(s),
                    s > 0 ? Math.round(r.targetRows() / s) : 0, r.sourceChecksum(), r.targetChecksum(), r.match(), r.differences()));
        }
        double total = (System.nanoTime() - started) / 1e9;
        MigrationReport report = new MigrationReport(src.label(), tgt == null ? "(new file)" : tgt.label(), version, o.dryRun(), true, tables,
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
