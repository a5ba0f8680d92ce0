package io.pharos.health;

import io.pharos.db.Capabilities;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Liveness and readiness. Ready means: the database answers, its schema holds every changeset this
 * build knows for its kind ({@code expectedChangesets}), and its capabilities: found at start, and again for the
 * target once the server switched to it (a live migration), so that the report describes the database served.
 *
 * <p>A readiness request never waits behind the database's work: the check runs on its own thread (one at
 * a time; a request arriving meanwhile joins it) and the request waits at most {@link #BUDGET} for it. A check
 * that takes longer is answered with the last finished report and its age ({@code checked_ms_ago}); once
 * that is older than {@link #STALE}, the report says not ready.
 */
public final class HealthService implements AutoCloseable {
    static final Duration BUDGET = Duration.ofMillis(500);
    static final Duration STALE = Duration.ofSeconds(30);

    private final Database database;
    /** What the served database offers and its version; probed again after the server switched databases. */
    private volatile Described described;

    private final Map<String, java.util.function.Supplier<Object>> sections = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** One part's database as readiness checks it. */
    private record PartCheck(io.pharos.db.Part part, Database database, String schemaVersion, long expectedChangesets) {}

    private final java.util.List<PartCheck> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean split;

    /**
     * Checks each part's database too ({@code parts} in the report; not ready when either is unreachable or
     * behind). When not split both parts name the one database, checked once.
     */
    public void addParts(io.pharos.db.Databases databases, Map<io.pharos.db.Part, io.pharos.db.SchemaMigrator.Status> schemas) {
        split = databases.isSplit();
        for (io.pharos.db.Part part : io.pharos.db.Part.values()) {
            var s = schemas.get(part);
            parts.add(new PartCheck(part, databases.of(part), s.currentVersion(), s.appliedCount()));
        }
    }

    /** Adds a feature's section to the readiness report (e.g. search: embedding queue depth). */
    public void addSection(String name, java.util.function.Supplier<Object> section) {
        sections.put(name, section);
    }

    public HealthService(Database database, Capabilities capabilities, String serverVersion, String schemaVersion, long expectedChangesets) {
        this.database = database;
        this.described = new Described(database.url().jdbcUrl(), capabilities, serverVersion, schemaVersion, expectedChangesets);
    }

    private final ExecutorService checker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("readiness-check").factory());
    private CompletableFuture<Map<String, Object>> running;
    private volatile Checked last;

    private record Checked(Map<String, Object> report, long atNanos) {}

    /**
     * The database at {@code jdbcUrl}: its capabilities, server version, schema version, and how many
     * changesets this build has for its kind (SQLite and PostgreSQL have different counts).
     */
    private record Described(String jdbcUrl, Capabilities capabilities, String serverVersion, String schemaVersion, long expectedChangesets) {}

    /**
     * The description of the database served now: the one found at start, or, once the server switched to
     * another database (a library moved by {@code pharos migrate --live}), that one's, probed once.
     */
    private Described described() {
        Described d = described;
        String now = database.url().jdbcUrl();
        if (d.jdbcUrl().equals(now)) return d;
        Capabilities capabilities = database.read(h -> database.dialect().probe(h));
        String version = database.read(h -> database.dialect().serverVersion(h));
        SchemaMigrator.Status schema = new SchemaMigrator(database).status();
        d = new Described(now, capabilities, version, schema.currentVersion(), schema.appliedCount() + schema.pending().size());
        described = d;
        return d;
    }

    /**
     * Readiness report; {@code ready} is false when the database is unreachable or the schema is behind.
     * Answers within {@link #BUDGET} (see the class comment).
     */
    public Map<String, Object> readiness() {
        CompletableFuture<Map<String, Object>> check = startOrJoin();
        try {
            return check.get(BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return lastKnown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return lastKnown();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the readiness check failed", e.getCause());
        }
    }

    private synchronized CompletableFuture<Map<String, Object>> startOrJoin() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.supplyAsync(() -> {
                Map<String, Object> report = check();
                last = new Checked(report, System.nanoTime());
                return report;
            }, checker);
        }
        return running;
    }

    private Map<String, Object> lastKnown() {
        Checked known = last;
        long agoMs = known == null ? -1 : (System.nanoTime() - known.atNanos()) / 1_000_000;
        if (known == null || agoMs > STALE.toMillis()) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("status", "not_ready");
            report.put("database", Map.of("dialect", database.dialect().name(), "url", database.url().masked(),
                    "reachable", false, "error", "the readiness check has not finished for " + BUDGET.toMillis() + " ms and no check finished in the last "
                            + STALE.toSeconds() + " s"));
            return report;
        }
        Map<String, Object> report = new LinkedHashMap<>(known.report());
        report.put("checked_ms_ago", agoMs);
        return report;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }

    /** One part's database: reachable, and its schema holding every changeset it had at start. */
    private static Map<String, Object> checkPart(PartCheck p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dialect", p.database().dialect().name());
        m.put("url", p.database().url().masked());
        m.put("setting", p.part().setting());
        try {
            long applied = p.database().read(h -> h.createQuery("SELECT count(*) FROM databasechangelog").mapTo(Long.class).one());
            boolean current = applied >= p.expectedChangesets();
            m.put("reachable", true);
            m.put("schema", Map.of("version", p.schemaVersion() == null ? "none" : p.schemaVersion(),
                    "changesets_applied", applied, "changesets_expected", p.expectedChangesets(), "current", current));
            m.put("ready", current);
        } catch (RuntimeException e) {
            m.put("reachable", false);
            m.put("error", io.pharos.common.Secrets.mask(String.valueOf(e.getMessage())));
            m.put("ready", false);
        }
        return m;
    }

    private Map<String, Object> check() {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("dialect", database.dialect().name());
        db.put("url", database.url().masked());
        db.put("server_version", described.serverVersion());
        Described d = null;
        boolean ready;
        try {
            d = described();
            db.put("server_version", d.serverVersion());
            long applied = database.read(h -> h.createQuery("SELECT count(*) FROM databasechangelog").mapTo(Long.class).one());
            boolean current = applied >= d.expectedChangesets();
            db.put("reachable", true);
            report.put("schema", Map.of("version", d.schemaVersion() == null ? "none" : d.schemaVersion(),
                    "changesets_applied", applied, "changesets_expected", d.expectedChangesets(), "current", current));
            ready = current;
        } catch (RuntimeException e) {
            db.put("reachable", false);
            db.put("error", io.pharos.common.Secrets.mask(e.getMessage()));
            ready = false;
        }
        if (!parts.isEmpty()) {
            Map<String, Object> byPart = new LinkedHashMap<>();
            for (PartCheck p : parts) {
                // the part served by the main database is held to that database's schema as described now
                // (after a live migration's switch, the changeset count of the new database's kind)
                PartCheck now = p.database() == database && d != null
                        ? new PartCheck(p.part(), p.database(), d.schemaVersion(), d.expectedChangesets()) : p;
                Map<String, Object> m = split || p.part() == io.pharos.db.Part.CONTENT ? checkPart(now) : null;
                if (m == null) {   // one database: the configuration part is the content part's database, checked once
                    m = new LinkedHashMap<>();
                    m.put("dialect", database.dialect().name());
                    m.put("url", database.url().masked());
                    m.put("same_database_as", "content");
                } else {
                    ready &= Boolean.TRUE.equals(m.get("ready"));
                }
                byPart.put(p.part().label(), m);
            }
            report.put("layout", split ? "split" : "single");
            report.put("parts", byPart);
        }
        report.put("status", ready ? "ready" : "not_ready");
        report.put("database", db);
        report.put("capabilities", (d == null ? described : d).capabilities().features());
        sections.forEach((name, section) -> {
            try {
                report.put(name, section.get());
            } catch (RuntimeException e) {
                report.put(name, Map.of("error", io.pharos.common.Secrets.mask(String.valueOf(e.getMessage()))));
            }
        });
        return report;
    }

    /** The served database's version as last found (without asking the database: monitoring answers under load). */
    public String serverVersion() {
        return described.serverVersion();
    }

    public boolean isReady(Map<String, Object> readiness) {
        return "ready".equals(readiness.get("status"));
    }
}
