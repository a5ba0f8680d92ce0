package io.pharos.migrate.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * The migration-state row a live migration keeps in its source ({@value #TABLE}, one row), read by
 * {@code pharos migrate} to resume and by every instance serving the source (every ~250 ms) to learn that
 * writes are held or that the library moved, and the instances' reports of having followed it.
 *
 * @param phase          where the migration is
 * @param target         where the library goes, password masked
 * @param targetUrl      the target's URL when it has no password (an instance may follow it as is), else null
 * @param holdUntil      writes are refused until this time (database clock, epoch ms): a lease, so a
 *                       migrate killed during its cut-over releases the source by itself
 * @param cutoverAsked   {@code pharos migrate --cutover} was run
 * @param snapshotAt     change-log position when the snapshot copy started
 * @param holdAt         when the cut-over's hold began (ISO instant), or null
 * @param targetIdentity what names the target's data wherever it is reached from ({@link io.pharos.db.Dialect#libraryIdentity}):
 *                       an instance that reaches the target another way (through a pooler) checks it is the same database
 */
public record LiveState(Phase phase, String target, String targetUrl, long holdUntil, boolean cutoverAsked, long snapshotAt,
                        String startedAt, String holdAt, String movedAt, String targetIdentity) {
    public static final String TABLE = "pharos_live_state";
    public static final String FOLLOWERS = "pharos_live_followers";

    public enum Phase { COPY, REPLAY, CUTOVER, MOVED }

    public boolean moved() {
        return phase == Phase.MOVED;
    }

    public static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS pharos_live_state (
                        id INTEGER PRIMARY KEY, phase TEXT NOT NULL, target TEXT NOT NULL, target_url TEXT, hold_until BIGINT NOT NULL,
                        cutover_asked INTEGER NOT NULL, snapshot_at BIGINT NOT NULL, started_at TEXT NOT NULL,
                        hold_at TEXT, moved_at TEXT, target_identity TEXT)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS pharos_live_followers (
                        instance TEXT PRIMARY KEY, url TEXT NOT NULL, switched_at TEXT NOT NULL)""");
        }
    }

    public static void dropTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS pharos_live_followers");
            s.execute("DROP TABLE IF EXISTS pharos_live_state");
        }
    }

    /** True when the database has the state table (a live migration was started on it, or it moved). */
    public static boolean exists(Connection c) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, TABLE, new String[] {"TABLE"})) {
            return rs.next();
        }
    }

    /** The state row, or null when the database has none (no live migration: no table, or no row). */
    public static LiveState read(Connection c) throws SQLException {
        if (!exists(c)) return null;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT phase, target, target_url, hold_until, cutover_asked, snapshot_at, started_at, hold_at, moved_at, target_identity FROM pharos_live_state WHERE id = 1")) {
            if (!rs.next()) return null;
            return new LiveState(Phase.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getInt(5) != 0,
                    rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10));
        }
    }

    public static void start(Connection c, String target, String targetUrl, String targetIdentity, long snapshotAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO pharos_live_state (id, phase, target, target_url, hold_until, cutover_asked, snapshot_at, started_at, target_identity)
                VALUES (1, 'COPY', ?, ?, 0, 0, ?, ?, ?)""")) {
            ps.setString(1, target);
            ps.setString(2, targetUrl);
            ps.setLong(3, snapshotAt);
            ps.setString(4, Instant.now().toString());
            ps.setString(5, targetIdentity);
            ps.executeUpdate();
        }
    }

    public static void phase(Connection c, Phase phase) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pharos_live_state SET phase = ? WHERE id = 1")) {
            ps.setString(1, phase.name());
            ps.executeUpdate();
        }
    }

    public static void askCutover(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE pharos_live_state SET cutover_asked = 1 WHERE id = 1");
        }
    }

    /** Holds writes until {@code nowExpression} + {@code leaseMillis}; returns the hold's start on the database clock. */
    public static long hold(Connection c, String nowExpression, long leaseMillis) throws SQLException {
        long now;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + nowExpression)) {
            rs.next();
            now = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE pharos_live_state SET phase = 'CUTOVER', hold_until = ?, hold_at = coalesce(hold_at, ?) WHERE id = 1 AND phase <> 'MOVED'")) {
            ps.setLong(1, now + leaseMillis);
            ps.setString(2, Instant.now().toString());
            ps.executeUpdate();
        }
        return now;
    }

    /** Ends a hold now (a cut-over that could not finish). */
    public static void release(Connection c, Phase back) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pharos_live_state SET phase = ?, hold_until = 0, hold_at = NULL WHERE id = 1")) {
            ps.setString(1, back.name());
            ps.executeUpdate();
        }
    }

    public static void moved(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pharos_live_state SET phase = 'MOVED', hold_until = 0, moved_at = ? WHERE id = 1")) {
            ps.setString(1, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** An instance reports that it switched to the target. */
    public static void followed(Connection c, String instance, String url) throws SQLException {
        try (PreparedStatement del = c.prepareStatement("DELETE FROM pharos_live_followers WHERE instance = ?");
             PreparedStatement ps = c.prepareStatement("INSERT INTO pharos_live_followers (instance, url, switched_at) VALUES (?, ?, ?)")) {
            del.setString(1, instance);
            del.executeUpdate();
            ps.setString(1, instance);
            ps.setString(2, url);
            ps.setString(3, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    /** The instants at which instances reported having switched. */
    public static java.util.List<Instant> followers(Connection c) throws SQLException {
        java.util.List<Instant> out = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT switched_at FROM pharos_live_followers")) {
            while (rs.next()) out.add(Instant.parse(rs.getString(1)));
        }
        return out;
    }
}
