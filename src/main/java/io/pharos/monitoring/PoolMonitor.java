package io.pharos.monitoring;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.pharos.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Installed on every pool before it starts (see {@link io.pharos.db.Instrumentation}): feeds HikariCP's
 * Micrometer metrics ({@code hikaricp_connections_*}), counts connections created, timeouts and long
 * waits per pool, and warns (at most once per {@code warningInterval}) when a request waited longer than
 * {@code waitWarning} for a connection.
 */
public final class PoolMonitor implements MetricsTrackerFactory {
    private static final Logger log = LoggerFactory.getLogger(PoolMonitor.class);

    private final MicrometerMetricsTrackerFactory micrometer;
    private final long waitWarningNanos;
    private final Throttle waitThrottle;
    private final Throttle writeLockThrottle;
    private final Map<String, Counters> counters = new ConcurrentHashMap<>();
    private final AtomicLong writeLockLongWaits = new AtomicLong();

    public PoolMonitor(MeterRegistry registry, Duration waitWarning, Duration warningInterval) {
        this.micrometer = new MicrometerMetricsTrackerFactory(registry);
        this.waitWarningNanos = waitWarning.toNanos();
        this.waitThrottle = new Throttle(warningInterval, System::nanoTime);
        this.writeLockThrottle = new Throttle(warningInterval, System::nanoTime);
    }

    private record Counters(AtomicLong created, AtomicLong timeouts, AtomicLong longWaits) {
        Counters() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
    }

    @Override
    public IMetricsTracker create(String poolName, PoolStats stats) {
        IMetricsTracker delegate = micrometer.create(poolName, stats);
        Counters c = counters.computeIfAbsent(poolName, n -> new Counters());
        // HikariCP opens its first connection before it installs the tracker: count what is open already
        c.created().addAndGet(stats.getTotalConnections());
        return new IMetricsTracker() {
            @Override public void recordConnectionCreatedMillis(long millis) {
                c.created().incrementAndGet();
                delegate.recordConnectionCreatedMillis(millis);
            }

            @Override public void recordConnectionAcquiredNanos(long nanos) {
                delegate.recordConnectionAcquiredNanos(nanos);
                if (waitWarningNanos > 0 && nanos >= waitWarningNanos) {
                    c.longWaits().incrementAndGet();
                    long held = waitThrottle.tryFire();
                    if (held >= 0) {
                        log.warn("a request waited {} ms for a database connection from pool {} (in use {} of {}, threads waiting {}){}",
                                nanos / 1_000_000, poolName, stats.getActiveConnections(), stats.getMaxConnections(),
                                stats.getPendingThreads(), held > 0 ? "; " + held + " more long waits since the last warning" : "");
                    }
                }
            }

            @Override public void recordConnectionUsageMillis(long millis) {
                delegate.recordConnectionUsageMillis(millis);
            }

            @Override public void recordConnectionTimeout() {
                c.timeouts().incrementAndGet();
                delegate.recordConnectionTimeout();
            }

            @Override public void close() {
                delegate.close();
            }
        };
    }

    /** For {@link io.pharos.db.Instrumentation#writeLockWait()}: warns about writes that queued long for the SQLite write lock. */
    public void writeLockWaited(long nanos) {
        if (waitWarningNanos <= 0 || nanos < waitWarningNanos) return;
        writeLockLongWaits.incrementAndGet();
        long held = writeLockThrottle.tryFire();
        if (held >= 0) {
            log.warn("a write waited {} ms for the database write lock (SQLite takes one writer at a time){}",
                    nanos / 1_000_000, held > 0 ? "; " + held + " more long waits since the last warning" : "");
        }
    }

    /** The pools of {@code database} now: one on PostgreSQL (plus one per read replica), writer and reader on SQLite. Touches no connection. */
    public List<PoolSnapshot> snapshots(Database database) {
        List<PoolSnapshot> pools = new ArrayList<>();
        boolean shared = database.readPool() == database.writePool();
        // SQLite writers queue for the write lock before they ask the pool: count them as waiting too
        pools.add(snapshot(database.writePool(), shared ? "read_write" : "writer", database.writersWaiting()));
        if (!shared) pools.add(snapshot(database.readPool(), "reader", 0));
        database.replicas().ifPresent(r -> r.pools().forEach(p -> pools.add(snapshot(p, "replica", 0))));
        return pools;
    }

    private PoolSnapshot snapshot(HikariDataSource ds, String role, int lockWaiters) {
        HikariPoolMXBean pool = ds.getHikariPoolMXBean();
        Counters c = counters.getOrDefault(ds.getPoolName(), new Counters());
        int active = pool == null ? 0 : pool.getActiveConnections();
        int idle = pool == null ? 0 : pool.getIdleConnections();
        int total = pool == null ? 0 : pool.getTotalConnections();
        int waiting = (pool == null ? 0 : pool.getThreadsAwaitingConnection()) + lockWaiters;
        long longWaits = c.longWaits().get() + (role.equals("writer") ? writeLockLongWaits.get() : 0);
        return new PoolSnapshot(ds.getPoolName(), role, total, active, idle, waiting, ds.getMaximumPoolSize(),
                c.created().get(), c.timeouts().get(), longWaits);
    }
}
