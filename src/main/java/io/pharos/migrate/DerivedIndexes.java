package io.pharos.migrate;

import io.pharos.db.Database;

/**
 * A feature's index derived from copied tables (e.g. the search feature's SQLite FTS5 tables or its
 * embedding index), made complete on the target once every table has been copied and verified. Features
 * contribute theirs in {@code Library.derivedIndexes(...)}; the migrator never copies virtual or shadow tables.
 */
public interface DerivedIndexes {
    /** A short name for the report, e.g. "search full-text index". */
    String name();

    /**
     * Regular tables this feature fills from other tables (by trigger or code), on either database: never
     * copied, made complete by {@link #rebuild}. Virtual and shadow tables need not be named.
     */
    default java.util.List<String> derivedTables() {
        return java.util.List.of();
    }

    /**
     * Regular tables the index is derived from. When the target lacks one of them (a library of a schema
     * version before the feature), {@link #beforeLoad} and {@link #rebuild} are not called and the report
     * says the index was skipped.
     */
    default java.util.List<String> requiredTables() {
        return java.util.List.of();
    }

    /**
     * Called on the target before any row is copied: drop what {@link #rebuild} will create anew, so the
     * load does not maintain it row by row. Must be safe to run again (a resumed migration calls it again).
     */
    default void beforeLoad(Database target) {
    }

    /** Rebuilds the index on {@code target} from its tables. Must be safe to run again. */
    void rebuild(Database target);
}
