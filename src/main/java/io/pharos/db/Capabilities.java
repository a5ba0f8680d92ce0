package io.pharos.db;

import java.util.Map;

/** Features found in the database at start: e.g. fts5, fts5_trigram, pgvector, pg_trgm → available. */
public record Capabilities(Map<String, Boolean> features) {
    public boolean has(String feature) {
        return features.getOrDefault(feature, false);
    }
}
