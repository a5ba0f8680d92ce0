package io.pharos.migrate.bulk;

import io.pharos.db.Database;
import io.pharos.db.postgres.Postgres;
import io.pharos.db.sqlite.Sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What bulk copying between the databases needs from each one: its catalogue, reading and binding
 * values by logical type, its fastest way in (COPY or batched INSERTs), and switching foreign-key checks
 * off for a load. Obtained from {@link #forDatabase}; the migration engine never asks which database it is on.
 */
public interface BulkAccess {

    /** Bulk access to {@code database}'s kind: the one place migrate asks which database it is on. */
    static BulkAccess forDatabase(Database database) {
        return switch (database.url().kind()) {
            case SQLITE -> Sqlite.bulk();
            case POSTGRESQL -> Postgres.bulk();
        };
    }

    /**
     * The base tables of the library: Liquibase's tables, virtual tables and their shadow tables, and
     * the {@code ignored} names (the migrator's bookkeeping) are left out; so are derived columns
     * (generated columns, tsvector) that the database maintains itself.
     */
    List<TableDef> catalog(Connection c, List<String> ignored) throws SQLException;

    /** What a dry run can tell about loading into this database: missing permissions, free disk; one line each. */
    List<String> loadReadiness(Connection c) throws SQLException;

    /** An identifier quoted for SQL (standard double quotes; both databases accept them). */
    default String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The select-list expression reading {@code column} (e.g. a binary form that is faster to transfer than text). */
    default String selectExpression(ColumnDef column) {
        return quote(column.name());
    }

    /** Reads column {@code index} of the current row as the Java form of {@code column.type()}; refuses a value of another kind. */
    Object read(ResultSet rs, int index, ColumnDef column) throws SQLException, BadValueException;

    /** Binds a value (Java form of its logical type) to a statement on this database, e.g. a key. */
    void bind(PreparedStatement ps, int index, ColumnDef column, Object value) throws SQLException;

    /** Opens a writer for {@code columns} of {@code table}. */
    RowWriter writer(Connection c, TableDef table, List<ColumnDef> columns) throws SQLException;

    /**
     * Stops checking the foreign keys of {@code table} for a load (rows of a self-referencing table come in
     * key order, not parent-first) and returns the statements that restore them; the loader checks for
     * dangling references itself before restoring. Runs inside the caller's transaction.
     */
    List<String> suspendForeignKeys(Connection c, TableDef table) throws SQLException;

    /** Prepares a connection used for loading (e.g. SQLite: {@code foreign_keys=OFF}); outside a transaction. */
    void beginLoadSession(Connection c) throws SQLException;

    /** Undoes {@link #beginLoadSession}. */
    void endLoadSession(Connection c) throws SQLException;

    /** Sets the sequences feeding columns of {@code table} past the largest value copied. */
    void resetSequences(Connection c, TableDef table) throws SQLException;

    /** Removes every row of {@code tables} (given children first). */
    void truncate(Connection c, List<String> tables) throws SQLException;
}
