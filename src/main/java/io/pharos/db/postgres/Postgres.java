package io.pharos.db.postgres;

import io.pharos.backup.Backups;
import io.pharos.db.Database;
import io.pharos.db.Dialect;
import io.pharos.migrate.bulk.BulkAccess;
import io.pharos.search.SearchSql;

import java.nio.file.Path;

/**
 * The one public door into the PostgreSQL implementations: each feature's factory (e.g.
 * {@link SearchSql#forDatabase}) calls here, so the implementation classes stay package-private.
 */
public final class Postgres {
    private static final Dialect DIALECT = new PostgresDialect();
    private static final BulkAccess BULK = new PostgresBulk();
    private static final SearchSql SEARCH = new PostgresSearchSql();

    private Postgres() {}

    /** The dialect (see {@link Dialect#forUrl}): type rules, pool settings, extension prerequisites. */
    public static Dialect dialect() {
        return DIALECT;
    }

    /** Search SQL: BM25 over the term postings, HNSW vector search, pg_trgm titles. */
    public static SearchSql searchSql() {
        return SEARCH;
    }

    /** Backups of {@code database} by pg_dump / pg_restore, found in {@code toolDir} or, when null, on the PATH. */
    public static Backups backups(Database database, Path toolDir) {
        return new PostgresBackups(database, toolDir);
    }

    /** Bulk access for migrate: catalogue, typed reads and binds, binary COPY. */
    public static BulkAccess bulk() {
        return BULK;
    }

    /** Change capture for {@code pharos migrate --live}: triggers, change log, write hold and guard. */
    public static io.pharos.migrate.live.LiveCapture liveCapture() {
        return new PostgresLiveCapture();
    }
}
