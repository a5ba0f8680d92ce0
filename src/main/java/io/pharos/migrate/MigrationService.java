package io.pharos.migrate;

import io.pharos.common.ConfigurationException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Secrets;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import io.pharos.config.SettingsLoader;
import io.pharos.db.Database;
import io.pharos.migrate.bulk.TableDef;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pharos migrate}: copies a library between two databases (SQLite ⇄ PostgreSQL, or the same kind),
 * proves each table arrived (counts and checksums), and can resume after a crash.
 *
 * <p>The source is only read: it is opened {@linkplain Database#openReadOnly read-only}, so a run (a dry
 * run too) leaves it byte for byte as it was, and a source on read-only media can be migrated.
 *
 * <p>Steps: open both; bring the target's schema to the source's version with the project's changesets;
 * read both catalogues and order the tables by foreign keys; refuse a non-empty target unless resuming or
 * truncating; per table copy then validate; rebuild derived indexes; write the reject file and the report.
 */
public final class MigrationService {

    private final List<DerivedIndexes> derivedIndexes;
    /** Never copied: the migrator's bookkeeping and the tables features derive from others (rebuilt instead). */
    private final List<String> notCopied;

    public MigrationService(List<DerivedIndexes> derivedIndexes) {
        this.derivedIndexes = List.copyOf(derivedIndexes);
        List<String> skip = new ArrayList<>(Checkpoints.TABLES);
        skip.addAll(io.pharos.migrate.live.LiveCapture.TABLES);
        derivedIndexes.forEach(d -> skip.addAll(d.derivedTables()));
        this.notCopied = List.copyOf(skip);
    }

    /** Runs a migration (or a dry run); with {@code --report} the report is written however it ends. */
    public MigrationReport run(MigrateOptions o, Progress progress) {
        Progress shown = progress == null ? Progress.silent() : progress;
        RunRecord run = new RunRecord();
        try {
            return execute(o, shown, run);
        } catch (RuntimeException e) {
            Reports.failure(o, run, e);
            throw e;
        } finally {
            shown.close();
        }
    }

    /**
     * {@code pharos migrate --live}: migrates a library that is in use (see {@link LiveMigration}), or asks a
     * running one to cut over, or removes its capture ({@link LiveOptions.Action}).
     */
    public MigrationReport runLive(MigrateOptions o, LiveOptions live, Progress progress, java.util.function.Consumer<String> status) {
        Progress shown = progress == null ? Progress.silent() : progress;
        RunRecord run = new RunRecord();
        try {
            return new LiveMigration(this, o, live, shown, status == null ? s -> {} : status, run).run();
        } catch (RuntimeException e) {
            Reports.failure(o, run, e);
            throw e;
        } finally {
            shown.close();
        }
    }

    private MigrationReport execute(MigrateOptions o, Progress progress, RunRecord run) {
        DatabaseUrl from = url("--from", o.from());
        DatabaseUrl to = url("--to", o.to());
        run.source = from.masked();
        run.target = to.masked();
        if (from.jdbcUrl().equals(to.jdbcUrl())) throw InvalidInputException.badRequest("--to", "--to is the same database as --from");
        if (o.resume() && o.truncate()) throw InvalidInputException.badRequest("--truncate", "--truncate cannot be combined with --resume");
        if (!o.tables().isEmpty() && !o.exclude().isEmpty()) throw InvalidInputException.badRequest("--exclude", "--exclude cannot be combined with --tables");
        if (o.batchSize() < 1 || o.batchSize() > 1_000_000) throw InvalidInputException.badRequest("--batch-size", "--batch-size must be between 1 and 1000000");
        run.step = RunRecord.Step.SOURCE;
        Path sourceFile = from.sqliteFile();
        if (sourceFile != null && !Files.isRegularFile(sourceFile)) {
            throw new MigrationException("the source file " + sourceFile + " does not exist (or is not a file)");
        }
        try (Database source = Database.openReadOnly(settings(o.from()))) {
            Endpoint src = Endpoint.of(source);
            run.version = TargetPreparation.sourceVersion(source);
            run.step = RunRecord.Step.TARGET;
            if (o.dryRun() && absentFile(to)) return dryRunNewFile(o, src, to, run);
            try (Database target = Database.open(settings(o.to()))) {
                return migrate(o, progress, run, src, Endpoint.of(target));
            }
        }
    }

    private MigrationReport migrate(MigrateOptions o, Progress progress, RunRecord run, Endpoint src, Endpoint tgt) {
        Database target = tgt.database();
        boolean atVersion = TargetPreparation.prepareSchema(target, run.version, o.dryRun(), run.notes);
        run.step = RunRecord.Step.PLAN;
        List<TableDef> sourceCatalog = catalog(src);
        List<TableDef> targetCatalog = atVersion ? catalog(tgt) : sourceCatalog;
        List<PlannedTable> plan = MigrationPlan.build(sourceCatalog, targetCatalog, o.tables(), o.exclude());
        run.planned(plan, count(src, plan));
        run.step = RunRecord.Step.TARGET;
        if (atVersion) TargetPreparation.checkTarget(o, tgt, plan, derivedTables(), run.notes);
        if (o.dryRun()) {
            run.notes.addAll(Retry.run("checking the target", tgt, tgt, () -> {
                try (Connection c = tgt.reader()) {
                    return tgt.bulk().loadReadiness(c);
                }
            }));
            return Reports.success(o, run);
        }

        run.step = RunRecord.Step.DERIVED_INDEXES;
        List<DerivedIndexes> indexes = applicable(tgt, run.notes);
        for (DerivedIndexes d : indexes) {
            attempt(d, "preparing the target for the load (dropping what is rebuilt after it)", "", () -> d.beforeLoad(target));
        }
        run.step = RunRecord.Step.COPY;
        progress.plan(run.counts);
        TableCopier copier = new TableCopier(src, tgt, o, progress);
        Validator validator = new Validator(src, tgt, Math.max(o.batchSize(), 1000));
        for (PlannedTable t : plan) {
            long t0 = System.nanoTime();
            progress.start(t.name());
            copier.copy(t);
            progress.finish(t.name());
            Validator.Result r = validator.validate(t);
            run.seconds.put(t.name(), (System.nanoTime() - t0) / 1e9);
            run.results.add(r);
            if (!r.match()) {
                throw new MigrationException("validation failed for table " + t.name() + ": " + String.join("; ", r.differences()));
            }
            TargetPreparation.withTarget(tgt, "recording " + t.name() + " as verified", c -> Checkpoints.status(c, t.name(), Checkpoints.Status.VERIFIED));
            progress.verified(t.name(), r.targetRows(), r.rejected(), r.targetChecksum());
        }
        progress.close();
        run.step = RunRecord.Step.DERIVED_INDEXES;
        for (DerivedIndexes d : indexes) {
            attempt(d, "rebuilding it on the target after every table was copied and verified",
                    "; the copied data is complete and verified: run the same command with --resume to rebuild it", () -> d.rebuild(target));
            run.rebuilt.add(d.name());
        }
        run.step = RunRecord.Step.REJECT_FILE;
        run.rejectFile = writeRejects(o, tgt, run.results);
        return Reports.success(o, run);
    }

    /** The derived indexes whose tables the target has; the others are skipped, with a note saying why. */
    List<DerivedIndexes> applicable(Endpoint tgt, List<String> notes) {
        List<String> present = catalog(tgt).stream().map(TableDef::name).toList();
        List<DerivedIndexes> applicable = new ArrayList<>();
        for (DerivedIndexes d : derivedIndexes) {
            List<String> missing = d.requiredTables().stream().filter(t -> !present.contains(t)).toList();
            if (missing.isEmpty()) applicable.add(d);
            else notes.add(d.name() + ": skipped, the library has no table " + String.join(", ", missing) + " at this schema version");
        }
        return applicable;
    }

    /** Runs a derived index's hook; its failure is reported as that index's failure, not as a failed copy. */
    static void attempt(DerivedIndexes d, String what, String advice, Runnable hook) {
        try {
            hook.run();
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) root = root.getCause();
            throw new MigrationException("derived index '" + d.name() + "' failed while " + what + ": "
                    + Secrets.mask(TableCopier.oneLine(String.valueOf(root.getMessage())))
                    + advice, e);
        }
    }

    static DatabaseUrl url(String option, String raw) {
        if (raw == null || raw.isBlank()) throw InvalidInputException.badRequest(option, option + " is required");
        try {
            return DatabaseUrl.parse(raw);
        } catch (ConfigurationException e) {
            throw InvalidInputException.badRequest(option, option + " " + e.getMessage().replaceFirst("^DATABASE_URL: ", ""));
        }
    }

    /** The settings migrate opens a database of {@code url} with (no statement timeout, a small pool). */
    public static Settings settingsFor(String url) {
        return settings(url);
    }

    static Settings settings(String url) {
        // no statement timeout: a validation pass or a foreign-key restore may run long on a big table
        return SettingsLoader.load(Map.of(), null, Map.of("DATABASE_URL", url,
                "PHAROS_DB_STATEMENT_TIMEOUT_MS", "0", "PHAROS_DB_POOL_SIZE", "4", "PHAROS_DB_CONNECTION_TIMEOUT_MS", "60000"));
    }

    private static boolean absentFile(DatabaseUrl url) {
        return url.sqliteFile() != null && !Files.exists(url.sqliteFile());
    }

    /** Tables features fill from copied ones: emptied with them by --truncate, never copied. */
    List<String> derivedTables() {
        return derivedIndexes.stream().flatMap(d -> d.derivedTables().stream()).toList();
    }

    List<TableDef> catalog(Endpoint e) {
        return Retry.run("reading the catalogue of " + e.label(), e, e, () -> {
            try (Connection c = e.reader()) {
                return e.bulk().catalog(c, notCopied);
            }
        });
    }

    static Map<String, Long> count(Endpoint e, List<PlannedTable> plan) {
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

    private MigrationReport dryRunNewFile(MigrateOptions o, Endpoint src, DatabaseUrl to, RunRecord run) {
        run.target = "(new file)";
        run.step = RunRecord.Step.PLAN;
        List<TableDef> catalog = catalog(src);
        List<PlannedTable> plan = MigrationPlan.build(catalog, catalog, o.tables(), o.exclude());
        run.planned(plan, count(src, plan));
        Path file = to.sqliteFile().toAbsolutePath();
        Path dir = file.getParent();
        try {
            long free = Files.getFileStore(Files.exists(dir) ? dir : Path.of(".").toAbsolutePath()).getUsableSpace();
            run.notes.add("would create " + file + " (" + (free >> 20) + " MiB free there) at schema " + run.version);
        } catch (IOException e) {
            run.notes.add("would create " + file + " (free space unknown: " + e.getMessage() + ")");
        }
        return Reports.success(o, run);
    }

}
