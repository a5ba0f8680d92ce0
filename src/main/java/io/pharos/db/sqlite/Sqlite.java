package io.pharos.db.sqlite;

import io.pharos.search.SearchSql;

/**
 * The one public door into the SQLite implementations: each feature's factory (e.g.
 * {@link SearchSql#forDatabase}) calls here, so the implementation classes stay package-private.
 */
public final class Sqlite {
    private static final SearchSql SEARCH = new SqliteSearchSql();

    private Sqlite() {}

    /** Search SQL: FTS5 keyword ranking, exact vector scan, trigram titles. */
    public static SearchSql searchSql() {
        return SEARCH;
    }
}
