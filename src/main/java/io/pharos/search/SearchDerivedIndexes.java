package io.pharos.search;

import io.pharos.config.SearchSettings;
import io.pharos.db.Database;
import io.pharos.migrate.DerivedIndexes;

import java.util.List;

/**
 * What search derives from the copied {@code chunks} table, for {@code pharos migrate}: SQLite's FTS5
 * tables (virtual, never copied) and PostgreSQL's HNSW index are rebuilt on the target;
 * PostgreSQL's {@code chunk_terms} postings are filled by a trigger as chunks arrive, so never copied.
 */
public final class SearchDerivedIndexes implements DerivedIndexes {
    private final SearchSettings settings;

    public SearchDerivedIndexes(SearchSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "search indexes (full text, fuzzy titles, vectors)";
    }

    /** Chunks and their FTS5 tables (SQLite) come with the same schema version (v003). */
    @Override
    public List<String> requiredTables() {
        return List.of("chunks");
    }

    @Override
    public List<String> derivedTables() {
        return List.of("chunk_terms");
    }

    /** The HNSW index would be updated per copied chunk and then rebuilt anyway: drop it first. */
    @Override
    public void beforeLoad(Database target) {
        target.write(h -> {
            SearchSql.forDatabase(target).dropRebuiltIndexes(h);
            return null;
        });
    }

    @Override
    public void rebuild(Database target) {
        target.write(h -> {
            SearchSql.forDatabase(target).rebuild(h, settings.hnswM(), settings.hnswEfConstruction());
            return null;
        });
    }
}
