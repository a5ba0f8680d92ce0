package io.pharos.monitoring;

import io.pharos.db.Database;
import io.pharos.db.ReadReplicas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code GET /monitoring/database} reports. Reads only pool counters, values found at start and the
 * replica probe's last findings, so it answers even when every connection is busy.
 */
public final class DatabaseMonitor {
    private final Database database;
    private final java.util.function.Supplier<String> serverVersion;
    private final PoolMonitor pools;
    private final SlowQueryLog slowQueries;

    /** {@code serverVersion}: the served database's version as last found (it changes when the server switches databases). */
    public DatabaseMonitor(Database database, java.util.function.Supplier<String> serverVersion, PoolMonitor pools, SlowQueryLog slowQueries) {
        this.database = database;
        this.serverVersion = serverVersion;
        this.pools = pools;
        this.slowQueries = slowQueries;
    }

    private volatile io.pharos.db.Databases parts;
    private volatile Map<io.pharos.db.Part, String> partVersions = Map.of();

    /**
     * Reports each part's database too ({@code parts}: its type, masked URL, server version and pools);
     * {@code versions}: each part's server version as found at start.
     */
    public DatabaseMonitor withParts(io.pharos.db.Databases databases, Map<io.pharos.db.Part, String> versions) {
        this.parts = databases;
        this.partVersions = Map.copyOf(versions);
        return this;
    }

    public List<PoolSnapshot> pools() {
        return pools.snapshots(database);
    }

    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("type", database.dialect().name());
        r.put("server_version", serverVersion.get());
        r.put("pools", pools().stream().map(DatabaseMonitor::pool).toList());
        r.put("slow_queries", Map.of("threshold_ms", slowQueries.threshold().toMillis(), "since_start", slowQueries.count()));
        database.replicas().ifPresent(replicas -> r.put("read_replicas", replicas(replicas)));
        io.pharos.db.Databases d = parts;
        if (d != null) {
            Map<String, Object> byPart = new LinkedHashMap<>();
            for (io.pharos.db.Part part : io.pharos.db.Part.values()) {
                Database db = d.of(part);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("type", db.dialect().name());
                m.put("url", db.url().masked());
                m.put("server_version", partVersions.get(part));
                m.put("shared_with_other_part", !d.isSplit());
                m.put("pools", pools.snapshots(db).stream().map(DatabaseMonitor::pool).toList());
                byPart.put(part.label(), m);
            }
            r.put("layout", d.isSplit() ? "split" : "single");
            r.put("parts", byPart);
        }
        return r;
    }

    /** The read replicas as health and monitoring show them: reads served per side, each replica's state and lag. */
    public static Map<String, Object> replicas(ReadReplicas replicas) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_lag_ms", replicas.maxLag().toMillis());
        m.put("reads_by_replicas", replicas.replicaReads());
        m.put("reads_by_primary", replicas.primaryReads());
        m.put("replicas", replicas.statuses().stream().map(DatabaseMonitor::replica).toList());
        return m;
    }

    private static Map<String, Object> replica(ReadReplicas.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", s.url());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("lag_ms", s.lagMs());
        m.put("replayed_lsn", s.replayed());
        m.put("reads", s.reads());
        if (s.error() != null) m.put("error", s.error());
        return m;
    }

    private static Map<String, Object> pool(PoolSnapshot p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("role", p.role());
        m.put("size", p.size());
        m.put("in_use", p.active());
        m.put("idle", p.idle());
        m.put("threads_waiting", p.waiting());
        m.put("max", p.max());
        m.put("total_created", p.created());
        m.put("connection_timeouts", p.timeouts());
        m.put("long_waits", p.longWaits());
        return m;
    }
}
