package io.pharos.db.postgres;

import io.pharos.migrate.live.LiveCapture;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Live-migration capture on PostgreSQL: one AFTER ROW trigger per table calling one function, the key
 * column names passed as trigger arguments. The function refuses the write with SQLSTATE {@value #HOLD_STATE}
 * while the state row's hold lease runs, then appends (table, key) to the change log. The guard after the
 * cut-over is a BEFORE STATEMENT trigger raising {@value #MOVED_STATE}.
 */
final class PostgresLiveCapture implements LiveCapture {
    static final String HOLD_STATE = "PHL01";
    static final String MOVED_STATE = "PHL02";
    private static final String NOW = "(extract(epoch FROM clock_timestamp()) * 1000)::bigint";

    @Override
    public void createChangeLog(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pharos_live_changes (seq bigserial PRIMARY KEY, table_name text NOT NULL, row_key text NOT NULL)");
            s.execute("""
                    CREATE OR REPLACE FUNCTION pharos_live_capture() RETURNS trigger LANGUAGE plpgsql AS $$
                    DECLARE
                        n jsonb; o jsonb; kn jsonb := '[]'::jsonb; ko jsonb := '[]'::jsonb; i int;
                    BEGIN
                        IF EXISTS (SELECT 1 FROM pharos_live_state WHERE hold_until > (extract(epoch FROM clock_timestamp()) * 1000)::bigint) THEN
                            RAISE EXCEPTION 'pharos_live_hold: writes are held for the cut-over of a live migration' USING ERRCODE = 'PHL01';
                        END IF;
                        IF TG_OP <> 'DELETE' THEN
                            n := to_jsonb(NEW);
                            FOR i IN 0 .. TG_NARGS - 1 LOOP kn := kn || jsonb_build_array(n -> TG_ARGV[i]); END LOOP;
                            INSERT INTO pharos_live_changes (table_name, row_key) VALUES (TG_TABLE_NAME, kn::text);
                        END IF;
                        IF TG_OP <> 'INSERT' THEN
                            o := to_jsonb(OLD);
                            FOR i IN 0 .. TG_NARGS - 1 LOOP ko := ko || jsonb_build_array(o -> TG_ARGV[i]); END LOOP;
                            IF TG_OP = 'DELETE' OR ko <> kn THEN
                                INSERT INTO pharos_live_changes (table_name, row_key) VALUES (TG_TABLE_NAME, ko::text);
                            END IF;
                        END IF;
                        RETURN NULL;
                    END
                    $$""");
            s.execute("""
                    CREATE OR REPLACE FUNCTION pharos_live_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        RAISE EXCEPTION 'pharos_live_moved: this library moved to %', (SELECT target FROM pharos_live_state WHERE id = 1) USING ERRCODE = 'PHL02';
                    END
                    $$""");
        }
    }

    @Override
    public void dropChangeLog(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pharos_live_changes");
            s.execute("DROP FUNCTION IF EXISTS pharos_live_capture()");
        }
    }

    @Override
    public void install(Connection c, String table, List<String> key) throws SQLException {
        String args = String.join(", ", key.stream().map(k -> "'" + k.replace("'", "''") + "'").toList());
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS pharos_live_capture ON " + quote(table));
            s.execute("CREATE TRIGGER pharos_live_capture AFTER INSERT OR UPDATE OR DELETE ON " + quote(table)
                    + " FOR EACH ROW EXECUTE FUNCTION pharos_live_capture(" + args + ")");
        }
    }

    @Override
    public void uninstall(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS pharos_live_capture ON " + quote(table));
        }
    }

    @Override
    public void guard(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS pharos_live_guard ON " + quote(table));
            s.execute("CREATE TRIGGER pharos_live_guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + quote(table)
                    + " FOR EACH STATEMENT EXECUTE FUNCTION pharos_live_guard()");
        }
    }

    @Override
    public void unguard(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS pharos_live_guard ON " + quote(table));
        }
    }

    @Override
    public String nowMillis() {
        return NOW;
    }

    /**
     * Polls pg_stat_activity for this database's other sessions in a transaction begun before the hold.
     * (Sessions of other roles show no xact_start unless migrate's role may read all statistics.)
     */
    @Override
    public String awaitTransactionsBefore(Connection c, long dbMillis, Duration max) throws SQLException {
        long end = System.nanoTime() + max.toNanos();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT pid, state, xact_start, left(query, 120) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                AND xact_start IS NOT NULL AND xact_start < to_timestamp(? / 1000.0)""")) {
            ps.setLong(1, dbMillis);
            while (true) {
                String open = null;
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) open = "pid " + rs.getInt(1) + " (" + rs.getString(2) + " since " + rs.getString(3) + ": " + rs.getString(4) + ")";
                }
                if (open == null) return null;
                if (System.nanoTime() > end) return open;
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
