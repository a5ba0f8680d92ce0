package io.pharos.db.sqlite;

import io.pharos.backup.Backups;
import io.pharos.db.Database;
import io.pharos.db.Dialect;
import io.pharos.migrate.bulk.BulkAccess;
import io.pharos.search.SearchSql;

/**
 * The one public door into the SQLite implementations: each feature's factory (e.g.
 * {@link SearchSql#forDatabase}) calls here, so the implementation classes stay package-private.
 */
public final class Sqlite {
    private static final Dialect DIALECT = new SqliteDialect();
    private static final BulkAccess BULK = new SqliteBulk();
    private static final SearchSql SEARCH = new SqliteSearchSql();

    private Sqlite() {}

    /** The dialect (see {@link Dialect#forUrl}): type rules, one serialized writer, FTS5 probes. */
    public static Dialect dialect() {
        return DIALECT;
    }

    /** Search SQL: FTS5 keyword ranking, exact vector scan, trigram titles. */
    public static SearchSql searchSql() {
        return SEARCH;
    }

    /** Backups of {@code database}: VACUUM INTO, integrity check, online backup API for restores. */
    public static Backups backups(Database database) {
        return new SqliteBackups(database);
    }

    /** Bulk access for migrate: catalogue, typed reads and binds, batched INSERTs. */
    public static BulkAccess bulk() {
        return BULK;
    }

    /** Change capture for {@code pharos migrate --live}: triggers, change log, write hold and guard. */
    public static io.pharos.migrate.live.LiveCapture liveCapture() {
        return new SqliteLiveCapture();
    }
}
