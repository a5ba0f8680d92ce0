package io.pharos.health;

import io.pharos.db.Capabilities;
import io.pharos.db.Database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Liveness and readiness. Ready means: the database answers, its schema holds every changeset this
 * build knows ({@code expectedChangesets}, learned at start), and the capabilities found at start.
 */
public final class HealthService {
    private final Database database;
    private final Capabilities capabilities;
    private final String serverVersion;
    private final String schemaVersion;
    private final long expectedChangesets;

    private final Map<String, java.util.function.Supplier<Object>> sections = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** Adds a feature's section to the readiness report (e.g. search: embedding queue depth). */
    public void addSection(String name, java.util.function.Supplier<Object> section) {
        sections.put(name, section);
    }

    public HealthService(Database database, Capabilities capabilities, String serverVersion, String schemaVersion, long expectedChangesets) {
        this.database = database;
        this.capabilities = capabilities;
        this.serverVersion = serverVersion;
        this.schemaVersion = schemaVersion;
        this.expectedChangesets = expectedChangesets;
    }

    /** Readiness report; {@code ready} is false when the database is unreachable or the schema is behind. */
    public Map<String, Object> readiness() {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("dialect", database.dialect().name());
        db.put("url", database.url().masked());
        db.put("server_version", serverVersion);
        boolean ready;
        try {
            long applied = database.read(h -> h.createQuery("SELECT count(*) FROM databasechangelog").mapTo(Long.class).one());
            boolean current = applied >= expectedChangesets;
            db.put("reachable", true);
            report.put("schema", Map.of("version", schemaVersion == null ? "none" : schemaVersion,
                    "changesets_applied", applied, "changesets_expected", expectedChangesets, "current", current));
            ready = current;
        } catch (RuntimeException e) {
            db.put("reachable", false);
            db.put("error", io.pharos.common.Secrets.mask(e.getMessage()));
            ready = false;
        }
        report.put("status", ready ? "ready" : "not_ready");
        report.put("database", db);
        report.put("capabilities", capabilities.features());
        sections.forEach((name, section) -> {
            try {
                report.put(name, section.get());
            } catch (RuntimeException e) {
                report.put(name, Map.of("error", io.pharos.common.Secrets.mask(String.valueOf(e.getMessage()))));
            }
        });
        return report;
    }

    public boolean isReady(Map<String, Object> readiness) {
        return "ready".equals(readiness.get("status"));
    }
}
