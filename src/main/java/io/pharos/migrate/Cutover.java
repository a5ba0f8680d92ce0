package io.pharos.migrate;

import io.pharos.migrate.live.LiveCapture;
import io.pharos.migrate.live.LiveState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The cut-over of a live migration: hold writes on the source (a lease renewed while this runs), wait for
 * write transactions begun before the hold, replay the last changes, count and checksum every table on both
 * sides, set the target's sequences, then in one source transaction replace the capture by guard triggers
 * and record the move. If anything fails before that transaction the hold is released and the source
 * serves writes again (a killed process: the lease runs out); the migration stays resumable.
 */
final class Cutover {
    private static final Logger log = LoggerFactory.getLogger(Cutover.class);

    private final Endpoint src;
    private final Endpoint tgt;
    private final LiveCapture capture;
    private final ChangeReplayer replayer;
    private final List<PlannedTable> plan;
    private final LiveOptions live;
    private final Consumer<String> status;
    private final RunRecord run;

    Cutover(Endpoint src, Endpoint tgt, LiveCapture capture, ChangeReplayer replayer, List<PlannedTable> plan, LiveOptions live,
            Consumer<String> status, RunRecord run) {
        this.src = src;
        this.tgt = tgt;
        this.capture = capture;
        this.replayer = replayer;
        this.plan = plan;
        this.live = live;
        this.status = status;
        this.run = run;
    }

    void perform() {
        long lease = live.holdLease().toMillis();
        long t0 = System.nanoTime();
        Instant heldAt = Instant.now();
        long dbHold = LiveMigration.withSource(src, "holding writes", c -> LiveState.hold(c, capture.nowMillis(), lease));
        status.accept("cut-over: writes held on the source (lease " + lease + " ms, renewed while the cut-over runs)");
        ScheduledExecutorService renew = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("hold-renewal").unstarted(r));
        renew.scheduleAtFixedRate(() -> {
            try {
                LiveMigration.withSource(src, "renewing the write hold", c -> LiveState.hold(c, capture.nowMillis(), lease));
            } catch (RuntimeException e) {
                log.warn("renewing the write hold failed: {}", e.getMessage());
            }
        }, lease / 3, lease / 3, TimeUnit.MILLISECONDS);
        boolean moved = false;
        try {
            // autocommit: PostgreSQL keeps one snapshot of pg_stat_activity per transaction
            String open = Retry.run("waiting for writes begun before the hold", src, src, () -> {
                try (Connection c = src.reader()) {
                    return capture.awaitTransactionsBefore(c, dbHold, Duration.ofSeconds(30));
                }
            });
            if (open != null) throw new MigrationException("a transaction begun before the write hold was still open after 30 s (" + open + "); the cut-over was called off, run --resume to try again");
            if (live.holdDelayMillis() > 0) LiveMigration.sleep(live.holdDelayMillis());
            drain();
            long replayedAt = System.nanoTime();
            List<Validator.Result> results = verify();
            double verifySeconds = (System.nanoTime() - replayedAt) / 1e9;
            List<Validator.Result> bad = results.stream().filter(r -> !r.match()).toList();
            run.results.clear();
            run.results.addAll(results);
            if (!bad.isEmpty()) {
                throw new MigrationException("the cut-over was called off: " + bad.get(0).table() + " differs between source and target: "
                        + String.join("; ", bad.get(0).differences()));
            }
            TargetPreparation.withTarget(tgt, "setting the target's sequences", c -> {
                for (PlannedTable t : plan) tgt.bulk().resetSequences(c, t.target());
                c.commit();
            });
            stop(renew);   // no renewal may commit after the move
            LiveMigration.withSource(src, "recording the move", c -> {
                for (PlannedTable t : plan) {
                    capture.uninstall(c, t.name());
                    capture.guard(c, t.name());
                }
                capture.dropChangeLog(c);
                LiveState.moved(c);
                return null;
            });
            moved = true;
            long heldMs = (System.nanoTime() - t0) / 1_000_000;
            status.accept("cut-over: library moved to " + run.target + " after " + heldMs + " ms of held writes");
            run.notes.add(String.format("write hold: %d ms from hold to move recorded (verification %.1f s)", heldMs, verifySeconds));
            followers(heldAt);
        } finally {
            renew.shutdownNow();
            if (!moved) release();
        }
    }

    /** Replays until the log is empty (writes are held, so it converges); refused changes left over fail the cut-over. */
    private void drain() {
        int idle = 0;
        while (true) {
            ChangeReplayer.Round r = replayer.round(5000);
            if (r.changes() == 0) return;
            if (r.refused() == r.changes() && ++idle > 3) {
                throw new MigrationException("the cut-over was called off: the target refuses a change (" + r.firstRefusal() + ")");
            }
        }
    }

    private List<Validator.Result> verify() {
        Validator validator = new Validator(src, tgt, 5000);
        List<Validator.Result> results = new ArrayList<>();
        for (PlannedTable t : plan) results.add(validator.compare(t));
        return results;
    }

    /** Instances report their switch in the source; waits a moment for them and notes how long writes paused. */
    private void followers(Instant heldAt) {
        long end = System.nanoTime() + 3_000_000_000L;
        List<Instant> seen = List.of();
        while (System.nanoTime() < end) {
            seen = LiveMigration.withSource(src, "reading the instances that followed", LiveState::followers);
            if (!seen.isEmpty()) {
                LiveMigration.sleep(500);   // others poll on the same period
                seen = LiveMigration.withSource(src, "reading the instances that followed", LiveState::followers);
                break;
            }
            LiveMigration.sleep(50);
        }
        if (seen.isEmpty()) {
            run.notes.add("no instance reported following the move within 3 s (none running, or PHAROS_LIVE_FOLLOW=false)");
            return;
        }
        long worst = seen.stream().mapToLong(i -> Duration.between(heldAt, i).toMillis()).max().orElse(0);
        run.notes.add("write pause: " + worst + " ms from the hold until the last of " + seen.size() + " instance(s) switched to the target");
        status.accept("write pause: " + worst + " ms (" + seen.size() + " instance(s) switched)");
    }

    private static void stop(ScheduledExecutorService renew) {
        renew.shutdownNow();
        try {
            if (!renew.awaitTermination(10, TimeUnit.SECONDS)) throw new MigrationException("the write-hold renewal did not stop; the cut-over was called off");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationException("interrupted", e);
        }
    }

    private void release() {
        try {
            LiveMigration.withSource(src, "releasing the write hold", c -> {
                LiveState.release(c, LiveState.Phase.REPLAY);
                return null;
            });
            status.accept("cut-over called off: writes released on the source");
        } catch (RuntimeException e) {
            log.warn("releasing the write hold failed ({}); it ends by itself when its lease runs out", e.getMessage());
        }
    }
}
