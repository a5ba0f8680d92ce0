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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read replicas of a PostgreSQL primary ({@code PHAROS_DB_READ_URLS}) and the choice of one for a read.
 *
 * <p>A background {@link ReplicaProbe} decides which replicas are {@link State#UP}: a replica that does not
 * answer, is not in recovery (promoted), or lags more than {@code PHAROS_DB_READ_MAX_LAG_MS} is skipped until a
 * probe finds it well again; requests never wait for a probe.
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

    private final Dialect dialect;
    private final Replication replication;
    private final Duration maxLag;
    private final List<Replica> replicas;
    private final LongAdder primaryReads = new LongAdder();
    private final AtomicInteger next = new AtomicInteger();
    private final ReplicaProbe probe;

    private ReadReplicas(Dialect dialect, Replication replication, Duration maxLag, List<Replica> replicas, DatabaseUrl primaryUrl) {
        this.dialect = dialect;
        this.replication = replication;
        this.maxLag = maxLag;
        this.replicas = List.copyOf(replicas);
        this.probe = new ReplicaProbe(replication, maxLag, this.replicas, primaryUrl);
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
            HikariDataSource pool;
            try {
                pool = new HikariDataSource(c);
            } catch (RuntimeException e) {
                opened.forEach(Replica::close);
                throw e;
            }
            Jdbi jdbi = Jdbi.create(pool);
            dialect.installTypes(jdbi);
            jdbi.setSqlLogger(instrumentation.sqlLogger());
            opened.add(new Replica(url, pool, jdbi));
        }
        ReadReplicas r = new ReadReplicas(dialect, replication, settings.replicas().maxLag(), opened, settings.database());
        r.probe.start();
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
        probe.close();
        replicas.forEach(Replica::close);
    }

    /** The replica has not replayed far enough for this read: the primary answers it. */
    private static final class NotCaughtUp extends RuntimeException {
        NotCaughtUp() {
            super(null, null, false, false);
        }
    }
}
