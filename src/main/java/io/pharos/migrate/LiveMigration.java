package io.pharos.migrate;

import io.pharos.common.InvalidInputException;
import io.pharos.config.DatabaseUrl;
import io.pharos.db.Database;
import io.pharos.migrate.bulk.TableDef;
import io.pharos.migrate.live.LiveCapture;
import io.pharos.migrate.live.LiveState;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code pharos migrate --live}: moves a library that is in use. Steps, each recorded in the source's state
 * row ({@link LiveState}) so that {@code --resume} continues where a killed run stopped:
 * <ol>
 *   <li>install change capture on the source ({@link LiveCapture}: triggers and a change log);</li>
 *   <li>COPY: the snapshot with the offline engine ({@link TableCopier}, checkpoints in the target). The
 *       copy is fuzzy (the source is written meanwhile): every change since the capture was installed is in
 *       the log and replayed after, and a row the copy refuses (e.g. its parent arrived later) comes back
 *       with its change;</li>
 *   <li>REPLAY: the log onto the target ({@link ChangeReplayer}) until the lag is under the bound;</li>
 *   <li>CUTOVER: writes held (the capture trigger refuses them while a lease in the state row runs, so a
 *       killed migrate releases the source by itself), the last changes replayed, every table counted and
 *       checksummed on both sides, the target's sequences set;</li>
 *   <li>MOVED: in one source transaction the capture is replaced by guard triggers and the move recorded;
 *       every instance serving the source switches to the target (see {@code MoveWatcher}).</li>
 * </ol>
 */
final class LiveMigration {
    private static final int REPLAY_BATCH = 2000;

    private final MigrationService service;
    private final MigrateOptions o;
    private final LiveOptions live;
    private final Progress progress;
    private final Consumer<String> status;
    private final RunRecord run;

    LiveMigration(MigrationService service, MigrateOptions o, LiveOptions live, Progress progress, Consumer<String> status, RunRecord run) {
        this.service = service;
        this.o = o;
        this.live = live;
        this.progress = progress;
        this.status = status;
        this.run = run;
    }

    MigrationReport run() {
        DatabaseUrl from = MigrationService.url("--from", o.from());
        run.source = from.masked();
        DatabaseUrl to = null;
        if (live.action() == LiveOptions.Action.RUN) {
            to = MigrationService.url("--to", o.to());
            run.target = to.masked();
            if (from.jdbcUrl().equals(to.jdbcUrl())) throw InvalidInputException.badRequest("--to", "--to is the same database as --from");
        }
        if (!o.tables().isEmpty() || !o.exclude().isEmpty()) throw InvalidInputException.badRequest("--live", "--live moves the whole library: leave out --tables and --exclude");
        if (o.dryRun()) throw InvalidInputException.badRequest("--dry-run", "--dry-run cannot be combined with --live; run the dry run without --live first");
        run.step = RunRecord.Step.SOURCE;
        if (from.sqliteFile() != null && !java.nio.file.Files.isRegularFile(from.sqliteFile())) {
            throw new MigrationException("the source file " + from.sqliteFile() + " does not exist (or is not a file)");
        }
        try (Database source = Database.open(MigrationService.settings(o.from()))) {
            Endpoint src = Endpoint.of(source);
            LiveCapture capture = LiveCapture.forDatabase(source);
            LiveState state = readState(src);
            switch (live.action()) {
                case CUTOVER -> {
                    if (state == null || state.moved()) throw new MigrationException("no live migration of " + from.masked() + " is under way" + (state == null ? "" : ": the library already moved to " + state.target()));
                    withSource(src, "asking for the cut-over", c -> { LiveState.askCutover(c); return null; });
                    run.notes.add("cut-over requested: the running 'pharos migrate --live' holds writes, replays the last changes, verifies and switches");
                    return Reports.success(o, run);
                }
                case ABORT -> {
                    if (state != null && state.moved()) throw new MigrationException("the library already moved to " + state.target() + "; --abort only removes the capture of a migration that has not cut over. To go back, migrate the other way");
                    removeCapture(src, capture, service.catalog(src));
                    run.notes.add(state == null ? "no live migration was under way; nothing left to remove" : "capture removed from the source; the target keeps what was copied (use --truncate to start again)");
                    return Reports.success(o, run);
                }
                case RUN -> {
                    if (state != null && state.moved()) {
                        run.notes.add("the library already moved to " + state.target() + " at " + state.movedAt());
                        return Reports.success(o, run);
                    }
                    if (state != null && !o.resume()) {
                        throw InvalidInputException.badRequest("--resume", "a live migration of this library is under way (" + state.phase().name().toLowerCase()
                                + "): add --resume to continue it, or run with --abort to remove its capture");
                    }
                }
            }
            run.version = TargetPreparation.sourceVersion(source);
            run.step = RunRecord.Step.TARGET;
            try (Database target = Database.open(MigrationService.settings(o.to()))) {
                return migrate(src, Endpoint.of(target), capture, state);
            }
        }
    }

    private MigrationReport migrate(Endpoint src, Endpoint tgt, LiveCapture capture, LiveState state) {
        Database target = tgt.database();
        TargetPreparation.prepareSchema(target, run.version, false, run.notes);
        run.step = RunRecord.Step.PLAN;
        List<TableDef> sourceCatalog = service.catalog(src);
        List<PlannedTable> plan = MigrationPlan.build(sourceCatalog, service.catalog(tgt), List.of(), List.of());
        run.planned(plan, MigrationService.count(src, plan));
        List<DerivedIndexes> indexes = service.applicable(tgt, run.notes);
        MigrateOptions copy = new MigrateOptions(o.from(), o.to(), false, state != null, o.truncate() && state == null, null, null,
                o.batchSize(), MigrateOptions.OnError.SKIP, o.rejectFile(), o.reportFile(), o.batchDelayMillis());
        if (state == null) {
            run.step = RunRecord.Step.TARGET;
            clearEarlierMove(tgt);
            TargetPreparation.checkTarget(copy, tgt, plan, service.derivedTables(), run.notes);
            install(src, capture, plan, target.read(h -> target.dialect().libraryIdentity(h)));
            for (DerivedIndexes d : indexes) MigrationService.attempt(d, "preparing the target for the load", "", () -> d.beforeLoad(target));
            state = readState(src);
        }
        if (state.phase() == LiveState.Phase.COPY) {
            snapshot(src, tgt, plan, copy, indexes);
            withSource(src, "recording the snapshot as copied", c -> { LiveState.phase(c, LiveState.Phase.REPLAY); return null; });
        }
        ChangeReplayer replayer = new ChangeReplayer(src, tgt, plan);
        run.step = RunRecord.Step.COPY;
        double rate = catchUp(src, replayer);
        run.notes.add(String.format("replay: %.0f changes/s", rate));
        new Cutover(src, tgt, capture, replayer, plan, live, status, run).perform();
        return Reports.success(o, run);
    }

    /**
     * A target that was itself the source of an earlier move (going back: the same command the other way)
     * carries its guard triggers and state: removed first, so that it can be emptied and loaded. A target
     * that is the source of a migration under way is refused.
     */
    private void clearEarlierMove(Endpoint tgt) {
        LiveState earlier = readState(tgt);
        if (earlier == null) return;
        if (!earlier.moved()) {
            throw new MigrationException("the target is the source of a live migration under way (" + earlier.phase().name().toLowerCase()
                    + "); finish it or run 'pharos migrate --live --abort --from <that URL>' first");
        }
        removeCapture(tgt, LiveCapture.forDatabase(tgt.database()), service.catalog(tgt));
        run.notes.add("removed the guard of an earlier move from the target (it had moved to " + earlier.target() + ")");
    }

    /** Installs capture in one source transaction: state row, change log, a trigger per table. */
    private void install(Endpoint src, LiveCapture capture, List<PlannedTable> plan, String targetIdentity) {
        withSource(src, "installing change capture on the source", c -> {
            LiveState.createTables(c);
            capture.createChangeLog(c);
            for (PlannedTable t : plan) capture.install(c, t.name(), t.keyNames());
            LiveState.start(c, run.target, passwordless(o.to()), targetIdentity, 0);
            return null;
        });
        status.accept("change capture installed on " + plan.size() + " tables of the source; copying the snapshot");
    }

    private void snapshot(Endpoint src, Endpoint tgt, List<PlannedTable> plan, MigrateOptions copy, List<DerivedIndexes> indexes) {
        run.step = RunRecord.Step.COPY;
        progress.plan(run.counts);
        TableCopier copier = new TableCopier(src, tgt, copy, progress);
        for (PlannedTable t : plan) {
            long t0 = System.nanoTime();
            progress.start(t.name());
            copier.copy(t);
            progress.finish(t.name());
            run.seconds.put(t.name(), (System.nanoTime() - t0) / 1e9);
        }
        progress.close();
        run.step = RunRecord.Step.DERIVED_INDEXES;
        for (DerivedIndexes d : indexes) {
            MigrationService.attempt(d, "rebuilding it on the target after the snapshot", "; run the same command with --resume", () -> d.rebuild(tgt.database()));
            if (!run.rebuilt.contains(d.name())) run.rebuilt.add(d.name());
        }
        status.accept("snapshot copied; replaying the changes made since");
    }

    /** Replays until the lag is under the bound and a cut-over is due; returns the replay rate (changes/s). */
    private double catchUp(Endpoint src, ChangeReplayer replayer) {
        long replayed = 0;
        long busy = 0;   // time spent in rounds that had changes: the rate is the replay's, not the writers'
        long lastShown = 0;
        while (true) {
            long r0 = System.nanoTime();
            ChangeReplayer.Round r = replayer.round(REPLAY_BATCH);
            if (r.changes() > 0) busy += System.nanoTime() - r0;
            replayed += r.changes() - r.refused();
            long lag = replayer.lag();
            double seconds = Math.max(busy / 1e9, 1e-3);
            if (System.nanoTime() - lastShown > 1_000_000_000L) {
                lastShown = System.nanoTime();
                status.accept(String.format("replay: lag %d changes, %.0f changes/s%s", lag, replayed / seconds,
                        r.firstRefusal() == null ? "" : "; waiting to replay " + r.firstRefusal()));
            }
            if (lag <= live.maxLag()) {
                LiveState st = readState(src);
                if (live.cutoverWhenCaughtUp() || (st != null && st.cutoverAsked())) return replayed / seconds;
            }
            if (r.changes() == 0 || r.changes() == r.refused()) sleep(100);
            else if (o.batchDelayMillis() > 0) sleep(o.batchDelayMillis());
        }
    }

    /** Removes every capture object: triggers, guard triggers, the change log and the state tables. */
    static void removeCapture(Endpoint src, LiveCapture capture, List<TableDef> tables) {
        withSource(src, "removing change capture from the source", c -> {
            for (TableDef t : tables) {
                capture.uninstall(c, t.name());
                capture.unguard(c, t.name());
            }
            capture.dropChangeLog(c);
            LiveState.dropTables(c);
            return null;
        });
    }

    /** The target URL as given when it carries no password (instances may follow it as recorded), else null. */
    private static String passwordless(String url) {
        DatabaseUrl u = DatabaseUrl.parse(url);
        return u.password() == null || u.password().isEmpty() ? url.strip() : null;
    }

    /** The source's state row (read outside a transaction: a missing table must not abort one). */
    static LiveState readState(Endpoint src) {
        return Retry.run("reading the live-migration state", src, src, () -> {
            try (Connection c = src.reader()) {
                return LiveState.read(c);
            }
        });
    }

    interface SourceWork<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one source transaction, retried on transient failures. */
    static <T> T withSource(Endpoint src, String what, SourceWork<T> work) {
        return Retry.run(what, src, src, () -> {
            try (Connection c = src.writer()) {
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            }
        });
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted", e);
        }
    }

    static String since(Instant start) {
        return Duration.between(start, Instant.now()).toMillis() + " ms";
    }
}
