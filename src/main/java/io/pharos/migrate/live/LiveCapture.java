package io.pharos.migrate.live;

import io.pharos.db.Database;
import io.pharos.db.postgres.Postgres;
import io.pharos.db.sqlite.Sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The change capture {@code pharos migrate --live} installs on a source and later removes: a change log
 * ({@value #CHANGES}: seq, table, primary key as a JSON array) filled by a trigger on every library table,
 * and the same trigger refusing writes while the state row holds them (cut-over). After the cut-over the
 * capture triggers are replaced by guard triggers that refuse every write: the library lives elsewhere.
 * Everything is named {@code pharos_live_*}, is not a Liquibase changeset (it belongs to one migration,
 * not to the schema), and is left out of copies and validations.
 */
public interface LiveCapture {
    String CHANGES = "pharos_live_changes";
    /** Every table a live migration creates; a migration (live or not) never copies them. */
    List<String> TABLES = List.of(CHANGES, LiveState.TABLE, LiveState.FOLLOWERS);

    /** The capture of {@code database}'s kind: the one place live migration asks which database it is on. */
    static LiveCapture forDatabase(Database database) {
        return switch (database.url().kind()) {
            case SQLITE -> Sqlite.liveCapture();
            case POSTGRESQL -> Postgres.liveCapture();
        };
    }

    /** Creates the change log (and any function the triggers call) if absent; inside the caller's transaction. */
    void createChangeLog(Connection c) throws SQLException;

    /** Drops the change log (and the capture function); the triggers must be gone. */
    void dropChangeLog(Connection c) throws SQLException;

    /** Installs the capture trigger(s) on {@code table}, whose rows are identified by {@code key} (column names). */
    void install(Connection c, String table, List<String> key) throws SQLException;

    /** Removes the capture trigger(s) of {@code table}, if present. */
    void uninstall(Connection c, String table) throws SQLException;

    /** Installs the guard trigger(s) on {@code table}: every write refused, the library moved. */
    void guard(Connection c, String table) throws SQLException;

    /** Removes the guard trigger(s) of {@code table}, if present. */
    void unguard(Connection c, String table) throws SQLException;

    /** SQL expression for the database's clock in epoch milliseconds (the hold lease is on that clock). */
    String nowMillis();

    /**
     * Waits until every transaction that started before {@code dbMillis} (database clock) has ended, so
     * that no write that began before the hold can still commit. SQLite: nothing to wait for (one writer).
     * Runs on an autocommit connection. Returns null once none is open, else (after {@code max}) one that still is, described.
     */
    String awaitTransactionsBefore(Connection c, long dbMillis, Duration max) throws SQLException;
}
