package io.pharos.db;

import com.zaxxer.hikari.HikariDataSource;
import io.pharos.config.DatabaseUrl;
import org.jdbi.v3.core.Jdbi;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One read replica: its pool, its probe connection, and what the last probe (or a read's own check) found.
 * Only {@link ReadReplicas.State#UP} replicas answer reads.
 */
final class Replica implements AutoCloseable {
    final DatabaseUrl url;
    final HikariDataSource pool;
    final Jdbi jdbi;
    final ProbeConnection probe;
    final LongAdder reads = new LongAdder();
    private final AtomicLong replayed = new AtomicLong();
    private volatile ReadReplicas.State state = ReadReplicas.State.STARTING;
    private volatile long lagMs = -1;
    private volatile String error;

    Replica(DatabaseUrl url, HikariDataSource pool, Jdbi jdbi) {
        this.url = url;
        this.pool = pool;
        this.jdbi = jdbi;
        this.probe = new ProbeConnection(url);
    }

    boolean usable() {
        return state == ReadReplicas.State.UP;
    }

    ReadReplicas.State state() {
        return state;
    }

    /** The latest replay position seen (replay only moves forward). */
    CommitPosition replayed() {
        return new CommitPosition(replayed.get());
    }

    /** Raises the cached replay position to {@code position}. */
    void observed(CommitPosition position) {
        replayed.accumulateAndGet(position.value(), (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    }

    /** Records a probe's verdict; returns the previous state. */
    ReadReplicas.State set(ReadReplicas.State next, long lagMs, String error) {
        ReadReplicas.State previous = state;
        // a replica that was away may come back rebuilt from an older copy: trust only what is seen from now on
        if (next != ReadReplicas.State.UP && next != ReadReplicas.State.LAGGING) replayed.set(0);
        this.lagMs = lagMs;
        this.error = error;
        this.state = next;
        return previous;
    }

    ReadReplicas.Status status() {
        return new ReadReplicas.Status(url.masked(), state, lagMs < 0 ? null : lagMs,
                replayed.get() == 0 ? null : replayed().toString(), reads.sum(), error);
    }

    @Override
    public void close() {
        probe.close();
        pool.close();
    }
}
