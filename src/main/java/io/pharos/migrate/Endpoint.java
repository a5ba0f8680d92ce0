package io.pharos.migrate;

import io.pharos.db.Database;
import io.pharos.migrate.bulk.BulkAccess;

import java.sql.Connection;
import java.sql.SQLException;

/** One side of a migration: the database, its bulk access, and fresh connections on demand. */
record Endpoint(Database database, BulkAccess bulk) {

    static Endpoint of(Database database) {
        return new Endpoint(database, BulkAccess.forDatabase(database));
    }

    String label() {
        return database.url().masked();
    }

    /**
     * A reading connection. Each keyset batch is one bounded query ({@code LIMIT n}), so no server-side
     * cursor (fetch size, autocommit off) is needed to keep memory flat.
     */
    Connection reader() throws SQLException {
        Connection c = database.readPool().getConnection();
        c.setAutoCommit(true);
        return c;
    }

    /** The writing connection, in manual-commit mode. */
    Connection writer() throws SQLException {
        Connection c = database.writePool().getConnection();
        c.setAutoCommit(false);
        return c;
    }

    /** True when {@code e} (or a cause) is worth retrying on this side. */
    boolean transientFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (database.dialect().isTransient(s) || database.dialect().isConnectionFailure(s))) return true;
            if (t instanceof java.net.SocketException || t instanceof java.io.EOFException) return true;
        }
        return false;
    }
}
