package io.pharos.db;

import java.util.Map;

/**
 * Features found in the database at start: e.g. fts5, fts5_trigram, pgvector, pg_trgm → available.
 * Reported (readiness report, start-up log) for operators; nothing branches on them: what Pharos cannot
 * run without is enforced by {@link Dialect#checkPrerequisites} before the schema is migrated.
 */
public record Capabilities(Map<String, Boolean> features) {
    public boolean has(String feature) {
        return features.getOrDefault(feature, false);
    }
}
