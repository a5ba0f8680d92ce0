package io.pharos.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pharos.common.PharosException;
import io.pharos.common.Secrets;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read replicas of a PostgreSQL primary ({@code PHAROS_DB_READ_URLS}) and the choice of one for a read.
 *
 * <p>A background probe (every {@link #interval}) samples the primary's flushed position and each replica's
 * replay position on connections of its own. A replica's lag is how long ago the primary had flushed WAL the
 * replica has not replayed yet (0 when it has replayed everything the last sample saw). A replica that does
 * not answer, is not in recovery (promoted), or lags more than {@code PHAROS_DB_READ_MAX_LAG_MS} is skipped
 * until a probe finds it well again; requests never wait for a probe.
 *
 * <p>A read that needs position P ({@link ReadConsistency#needed()}) goes to a healthy replica whose cached
 * replay position has reached P; failing that, to a healthy replica whose replay position, asked again on the
 * read's own connection before the read runs, has reached P; failing that, to the primary. A replica read that
 * loses its connection, or is cancelled by a recovery conflict, is answered by the primary instead.
 */
public final class ReadReplicas implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadReplicas.class);
    /** The most a replica read waits for a pooled replica connection before the primary answers instead. */
    static final Duration REPLICA_CONNECTION_WAIT = Duration.ofSeconds(1);

    /** A replica's health as the last probe found it. */
    public enum State { STARTING, UP, LAGGING, DOWN, NOT_A_REPLICA }

    /** One replica for health and monitoring: URL with the password masked, state, lag, replayed position, reads served. */
    public record Status(String url, State state, Long lagMs, String replayed, long reads, String error) {}

    /** A read a replica answered ({@code served}) or left to the primary. */
    record Answer<T>(boolean served, T value) {
        static <T> Answer<T> primary() {
            return new Answer<>(false, null);
        }
    }

    private record Sample(long nanos, CommitPosition flushed) {}

    private final Dialect dialect;
    private final Replication replication;
    private final Duration maxLag;
    private final Duration interval;
    private final List<Replica> replicas;
    private final ProbeConnection primary;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final LongAdder primaryReads = new LongAdder();
    private final AtomicInteger next = new AtomicInteger();
    private final ScheduledExecutorService probe;

    private ReadReplicas(Dialect dialect, Replication replication, Duration maxLag, List<Replica> replicas, DatabaseUrl primaryUrl) {
        this.dialect = dialect;
        this.replication = replication;
        this.maxLag = maxLag;
        this.interval = Duration.ofMillis(Math.clamp(maxLag.toMillis() / 10, 50, 250));
        this.replicas = List.copyOf(replicas);
        this.primary = new ProbeConnection(primaryUrl);
        this.probe = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pharos-replica-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /** Opens a pool per replica (started even when the replica is down: the probe finds out) and starts the probe. */
    static ReadReplicas open(Dialect dialect, Replication replication, Settings settings, Instrumentation instrumentation) {
        List<Replica> opened = new ArrayList<>();
        int n = 0;
        for (DatabaseUrl url : settings.replicas().urls()) {
            HikariConfig c = dialect.poolConfig(url, settings, false);
            c.setPoolName("pharos-replica-" + ++n);
            c.setConnectionTimeout(Math.min(c.getConnectionTimeout(), REPLICA_CONNECTION_WAIT.toMillis()));
            c.setInitializationFailTimeout(-1);
            c.setMinimumIdle(Math.min(2, c.getMaximumPoolSize()));
            if (instrumentation.poolMetrics() != null) c.setMetricsTrackerFactory(instrumentation.poolMetrics());
            HikariDataSource pool = new HikariDataSource(c);
            Jdbi jdbi = Jdbi.create(pool);
            dialect.installTypes(jdbi);
            jdbi.setSqlLogger(instrumentation.sqlLogger());
            opened.add(new Replica(url, pool, jdbi));
        }
        ReadReplicas r = new ReadReplicas(dialect, replication, settings.replicas().maxLag(), opened, settings.database());
        r.probe.scheduleWithFixedDelay(r::probeAll, 0, r.interval.toMillis(), TimeUnit.MILLISECONDS);
        return r;
    }

    /**
     * Runs {@code work} on a replica that has replayed past {@code needed}, or returns {@link Answer#primary()}
     * when none can. {@code transactionSetup}: as {@link Database#read} (behind PgBouncer, reads run in a transaction).
     */
    <T> Answer<T> read(CommitPosition needed, String transactionSetup, HandleCallback<T, RuntimeException> work) {
        Replica replica = null;
        boolean verified = false;
        int n = replicas.size(), start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (!r.usable()) continue;
            if (r.replayed().reached(needed)) {
                replica = r;
                verified = true;
                break;
            }
            if (replica == null) replica = r;
        }
        if (replica == null) return countPrimary();
        Replica chosen = replica;
        boolean known = verified;
        try {
            T value = chosen.jdbi.withHandle(h -> transactionSetup == null
                    ? checked(h, chosen, known, needed, work)
                    : h.inTransaction(t -> {
                        t.execute(transactionSetup);
                        return checked(t, chosen, known, needed, work);
                    }));
            chosen.reads.increment();
            return new Answer<>(true, value);
        } catch (NotCaughtUp e) {
            return countPrimary();
        } catch (PharosException e) {
            throw e;
        } catch (RuntimeException e) {
            if (connectionFailure(e)) {
                chosen.set(State.DOWN, -1, Secrets.mask(String.valueOf(rootMessage(e))));
                log.warn("read replica {} failed a read ({}); the primary answers until a probe finds it well", chosen.url.masked(), rootMessage(e));
                return countPrimary();
            }
            SQLException sql = findSql(e);
            if (sql instanceof SQLTransientConnectionException || sql != null && dialect.isTransient(sql)) {
                return countPrimary();   // replica pool busy, or a query cancelled by a recovery conflict
            }
            throw e;
        }
    }

    private <T> T checked(Handle h, Replica r, boolean known, CommitPosition needed, HandleCallback<T, RuntimeException> work) {
        if (!known) {
            try {
                Replication.Replay replay = replication.replay(h.getConnection());
                r.observed(replay.position());
                if (!replay.replaying() || !replay.position().reached(needed)) throw new NotCaughtUp();
            } catch (SQLException e) {
                throw new org.jdbi.v3.core.ConnectionException(e);
            }
        }
        return work.withHandle(h);
    }

    private <T> Answer<T> countPrimary() {
        primaryReads.increment();
        return Answer.primary();
    }

    /** Counts a read that went to the primary without asking the replicas (a scope that reads from the primary only). */
    void countPrimaryRead() {
        primaryReads.increment();
    }

    /** One probe round: the primary's flushed position, then each replica's replay position and lag. */
    void probeAll() {
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

    /** Each replica's state, lag, replay position and reads served, in the order of {@code PHAROS_DB_READ_URLS}. */
    public List<Status> statuses() {
        return replicas.stream().map(Replica::status).toList();
    }

    /** True when every replica that answers reads has replayed past {@code position} (as last seen: probes refresh it). */
    public boolean caughtUp(CommitPosition position) {
        return replicas.stream().filter(Replica::usable).allMatch(r -> r.replayed().reached(position));
    }

    /** Reads answered by a replica since start. */
    public long replicaReads() {
        return replicas.stream().mapToLong(r -> r.reads.sum()).sum();
    }

    /** Reads answered by the primary since start (replicas configured but none could answer, or the scope needed the primary). */
    public long primaryReads() {
        return primaryReads.sum();
    }

    /** The most a replica may lag and still answer reads. */
    public Duration maxLag() {
        return maxLag;
    }

    /** The pools of the replicas, for pool monitoring. */
    public List<HikariDataSource> pools() {
        return replicas.stream().map(r -> r.pool).toList();
    }

    private boolean connectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && dialect.isConnectionFailure(s)) return true;
        }
        return false;
    }

    private static SQLException findSql(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s) return s;
        }
        return null;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) c = c.getCause();
        return Secrets.mask(c.getMessage());
    }

    @Override
    public void close() {
        log.info("read replicas answered {} reads, the primary {}", replicaReads(), primaryReads());
        probe.shutdownNow();
        try {
            probe.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primary.close();
        replicas.forEach(Replica::close);
    }

    /** The replica has not replayed far enough for this read: the primary answers it. */
    private static final class NotCaughtUp extends RuntimeException {
        NotCaughtUp() {
            super(null, null, false, false);
        }
    }
}
