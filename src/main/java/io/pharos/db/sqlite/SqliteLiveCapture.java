package io.pharos.db.sqlite;

import io.pharos.migrate.live.LiveCapture;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Live-migration capture on SQLite: three AFTER triggers per table (insert, update, delete), in the main
 * schema so that every connection's writes fire them (a TEMP trigger would only see migrate's own). Each
 * first refuses the write with {@code RAISE(ABORT, 'pharos_live_hold: ...')} while the state row's hold
 * lease runs, then appends (table, key) to the change log. Table and column names come from the catalogue.
 */
final class SqliteLiveCapture implements LiveCapture {
    static final String HOLD = "pharos_live_hold";
    static final String MOVED = "pharos_live_moved";
    private static final String NOW = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    @Override
    public void createChangeLog(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pharos_live_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, table_name TEXT NOT NULL, row_key TEXT NOT NULL)");
        }
    }

    @Override
    public void dropChangeLog(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pharos_live_changes");
        }
    }

    @Override
    public void install(Connection c, String table, List<String> key) throws SQLException {
        String t = quote(table);
        String lit = "'" + table.replace("'", "''") + "'";
        String hold = "SELECT RAISE(ABORT, '" + HOLD + ": writes are held for the cut-over of a live migration') "
                + "WHERE EXISTS (SELECT 1 FROM pharos_live_state WHERE hold_until > " + NOW + ");\n";
        String newKey = keyOf("NEW", key), oldKey = keyOf("OLD", key);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER IF NOT EXISTS " + quote("pharos_live_ci_" + table) + " AFTER INSERT ON " + t + " BEGIN\n" + hold
                    + "INSERT INTO pharos_live_changes (table_name, row_key) VALUES (" + lit + ", " + newKey + ");\nEND");
            s.execute("CREATE TRIGGER IF NOT EXISTS " + quote("pharos_live_cu_" + table) + " AFTER UPDATE ON " + t + " BEGIN\n" + hold
                    + "INSERT INTO pharos_live_changes (table_name, row_key) VALUES (" + lit + ", " + newKey + ");\n"
                    + "INSERT INTO pharos_live_changes (table_name, row_key) SELECT " + lit + ", " + oldKey + " WHERE " + oldKey + " <> " + newKey + ";\nEND");
            s.execute("CREATE TRIGGER IF NOT EXISTS " + quote("pharos_live_cd_" + table) + " AFTER DELETE ON " + t + " BEGIN\n" + hold
                    + "INSERT INTO pharos_live_changes (table_name, row_key) VALUES (" + lit + ", " + oldKey + ");\nEND");
        }
    }

    @Override
    public void uninstall(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String op : List.of("ci", "cu", "cd")) s.execute("DROP TRIGGER IF EXISTS " + quote("pharos_live_" + op + "_" + table));
        }
    }

    @Override
    public void guard(Connection c, String table) throws SQLException {
        String refuse = " BEGIN SELECT RAISE(ABORT, '" + MOVED + ": this library moved to another database (see pharos_live_state)'); END";
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TRIGGER IF NOT EXISTS " + quote("pharos_live_gi_" + table) + " BEFORE INSERT ON " + quote(table) + refuse);
            s.execute("CREATE TRIGGER IF NOT EXISTS " + quote("pharos_live_gu_" + table) + " BEFORE UPDATE ON " + quote(table) + refuse);
            s.execute("CREATE TRIGGER IF NOT EXISTS " + quote("pharos_live_gd_" + table) + " BEFORE DELETE ON " + quote(table) + refuse);
        }
    }

    @Override
    public void unguard(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String op : List.of("gi", "gu", "gd")) s.execute("DROP TRIGGER IF EXISTS " + quote("pharos_live_" + op + "_" + table));
        }
    }

    @Override
    public String nowMillis() {
        return NOW;
    }

    @Override
    public String awaitTransactionsBefore(Connection c, long dbMillis, Duration max) {
        return null;   // one writer at a time: once the hold committed, no earlier write transaction is open
    }

    private static String keyOf(String row, List<String> key) {
        return "json_array(" + String.join(", ", key.stream().map(k -> row + "." + quote(k)).toList()) + ")";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
