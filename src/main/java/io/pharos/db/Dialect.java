package io.pharos.db;

import com.zaxxer.hikari.HikariConfig;
import io.pharos.config.DatabaseUrl;
import io.pharos.config.Settings;
import io.pharos.db.postgres.Postgres;
import io.pharos.db.sqlite.Sqlite;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.sql.SQLException;

/**
 * The one seam where SQLite and PostgreSQL differ. Chosen once from the URL ({@link #forUrl}); feature
 * code asks it questions and never branches on the database itself. Portable SQL is written once in the
 * stores; only what really differs (pools, write serialization, types, row locks, JSON containment,
 * probes, prerequisites, error kinds) comes from here. SQL a feature needs that differs per database sits
 * behind an interface that feature owns, implemented in {@code db.sqlite} and {@code db.postgres}.
 */
public interface Dialect {

    static Dialect forUrl(DatabaseUrl url) {
        return switch (url.kind()) {
            case SQLITE -> Sqlite.dialect();
            case POSTGRESQL -> Postgres.dialect();
        };
    }

    /** "sqlite" or "postgresql": also Liquibase's {@code dbms:} name. */
    String name();

    /** Pool settings for the read pool, or for the write pool when {@code writer} is true. */
    HikariConfig poolConfig(DatabaseUrl url, Settings settings, boolean writer);

    /**
     * Pool settings for reading a library that must stay exactly as it is (the source of {@code pharos
     * migrate}, possibly a file on read-only media): the connections cannot write, and opening them changes
     * nothing in the database, its header or the files next to it. See {@link Database#openReadOnly}.
     */
    HikariConfig readOnlyPoolConfig(DatabaseUrl url, Settings settings);

    /**
     * SQL to run first in every transaction, or null when {@link #poolConfig} sets each connection up once.
     * Non-null when connections may not carry session state (PostgreSQL behind a transaction-pooling
     * PgBouncer): the settings are then {@code SET LOCAL}, and reads run in a transaction too.
     */
    String transactionSetup(Settings settings);

    /**
     * Commit positions and replica replay ({@code PHAROS_DB_READ_URLS}), or empty when this database has no
     * streaming replicas (SQLite; the settings refuse read URLs there).
     */
    java.util.Optional<Replication> replication();

    /** True when the database takes one writer at a time, so Pharos must serialize writes itself. */
    boolean serializesWrites();

    /** Registers the type mapping rules (UUID, JSON, timestamps) of this database on a Jdbi. */
    void installTypes(Jdbi jdbi);

    /** Appended to a SELECT that reads a row about to be updated: row lock where the database has one. */
    String forUpdate();

    /** A predicate: JSON array {@code column} contains the string bound to {@code :param}. */
    String jsonArrayContains(String column, String param);

    /** What this database offers, looked up once at start. */
    Capabilities probe(Handle handle);

    /** The server's version string. */
    String serverVersion(Handle handle);

    /**
     * What names this library's data wherever it is reached from (through a pooler, a replica or another
     * host name): the shared cache's namespace. Empty when there is none to share (an in-memory library).
     */
    String libraryIdentity(Handle handle);

    /** Checks done before schema migration (e.g. required extensions); throws a clear error if unmet. */
    void checkPrerequisites(Handle handle);

    /** True when the database cancelled a statement for running too long: answered 503, not retried. */
    boolean isTimeout(SQLException e);

    /** True for errors worth retrying the whole transaction: serialization failures, deadlocks, busy. */
    boolean isTransient(SQLException e);

    /**
     * True when the connection broke or the server turned it away for now (restarting, out of connection
     * slots). Worth retrying on a fresh connection by a caller that resumes from what was committed (the
     * migration); {@link Database#write} does not retry these, since a lost commit may have landed.
     */
    boolean isConnectionFailure(SQLException e);

    /**
     * True when the write was refused because {@code pharos migrate --live} holds writes for its cut-over
     * (the capture trigger raised): answered 503 with Retry-After, the write may be sent again in a moment.
     */
    boolean isWriteHeld(SQLException e);

    /** True when the write was refused because the library moved to another database (the source's guard trigger). */
    boolean isMoved(SQLException e);
}
