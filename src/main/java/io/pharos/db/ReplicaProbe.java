package io.pharos.db;

import io.pharos.common.Secrets;
import io.pharos.config.DatabaseUrl;
import io.pharos.db.ReadReplicas.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background probe of the read replicas: every tenth of the lag limit (50–250 ms) it samples the primary's
 * flushed position, then asks each replica, on connections of its own, whether it is in recovery and how far it
 * replayed, and sets its {@link ReadReplicas.State}. A replica's lag is how long ago the primary had flushed WAL
 * the replica has not replayed yet: 0 when it replayed everything sampled, also on an idle primary (where
 * {@code now() - pg_last_xact_replay_timestamp()} would grow without end).
 */
final class ReplicaProbe implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplicaProbe.class);

    private record Sample(long nanos, CommitPosition flushed) {}

    private final Replication replication;
    private final Duration maxLag;
    private final Duration interval;
    private final List<Replica> replicas;
    private final ProbeConnection primary;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pharos-replica-probe");
        t.setDaemon(true);
        return t;
    });

    ReplicaProbe(Replication replication, Duration maxLag, List<Replica> replicas, DatabaseUrl primaryUrl) {
        this.replication = replication;
        this.maxLag = maxLag;
        this.interval = Duration.ofMillis(Math.clamp(maxLag.toMillis() / 10, 50, 250));
        this.replicas = replicas;
        this.primary = new ProbeConnection(primaryUrl);
    }

    /** Starts probing: the first round at once (until it ends every replica is {@code starting}, skipped). */
    void start() {
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One probe round: the primary's flushed position, then each replica's replay position and lag. */
    private void probeAll() {
        try {
            samplePrimary();
            for (Replica r : replicas) probe(r);
        } catch (RuntimeException e) {
            log.warn("read replica probe failed: {}", Secrets.mask(e.getMessage()));
        }
    }

    private void samplePrimary() {
        try {
            CommitPosition flushed = replication.flushed(primary.get());
            long now = System.nanoTime();
            synchronized (samples) {
                samples.addLast(new Sample(now, flushed));
                long keep = 2 * maxLag.toNanos() + Duration.ofSeconds(1).toNanos();
                while (samples.size() > 1 && (now - samples.peekFirst().nanos() > keep || samples.size() > 10_000)) samples.removeFirst();
            }
        } catch (SQLException e) {
            primary.reset();
            log.debug("replica probe could not sample the primary: {}", Secrets.mask(e.getMessage()));
        }
    }

    private void probe(Replica r) {
        State next;
        long lag = -1;
        String error = null;
        try {
            Replication.Replay replay = replication.replay(r.probe.get());
            if (!replay.replaying()) {
                next = State.NOT_A_REPLICA;
                error = "the server is not in recovery (promoted, or not a replica): not used for reads";
            } else {
                r.observed(replay.position());
                lag = lagMillis(replay.position());
                next = lag > maxLag.toMillis() ? State.LAGGING : State.UP;
            }
        } catch (SQLException | RuntimeException e) {
            r.probe.reset();
            next = State.DOWN;
            error = Secrets.mask(String.valueOf(e.getMessage()));
        }
        State previous = r.set(next, lag, error);
        if (previous != next) {
            if (next == State.UP) log.info("read replica {} is up (lag {} ms): it answers reads", r.url.masked(), lag);
            else if (next == State.LAGGING) log.warn("read replica {} lags {} ms (more than {} ms): skipped until it catches up", r.url.masked(), lag, maxLag.toMillis());
            else log.warn("read replica {} is {}: skipped ({})", r.url.masked(), next.name().toLowerCase(java.util.Locale.ROOT), error);
        }
    }

    /** How long ago the primary had flushed WAL that {@code replayed} does not reach yet (0: nothing sampled is missing). */
    private long lagMillis(CommitPosition replayed) {
        long now = System.nanoTime();
        synchronized (samples) {
            for (Sample s : samples) {
                if (!replayed.reached(s.flushed())) return TimeUnit.NANOSECONDS.toMillis(now - s.nanos());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primary.close();
    }
}
