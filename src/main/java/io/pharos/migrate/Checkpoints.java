package io.pharos.migrate;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The migrator's bookkeeping in the target: one row per table (status, the source key of the last
 * committed batch, counts, the statements that restore its suspended foreign keys) and one row per
 * rejected source row. Each batch updates it in the batch's own transaction, so after a crash the target
 * says exactly how far it got.
 *
 * <p>Created here with portable DDL rather than by a Liquibase changeset: it belongs to one migration run,
 * not to the library's schema. The target's schema must be brought to exactly the source's version (a
 * v00N changeset would be missing when the source is older), and {@code db downgrade} must not drop it
 * under a running migration. A later migration from this library skips these tables.
 */
final class Checkpoints {
    static final String TABLE = "pharos_migration";
    static final String REJECTS = "pharos_migration_rejects";
    static final List<String> TABLES = List.of(TABLE, REJECTS);
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Status { COPYING, COPIED, VERIFIED }

    /** @param checksum sum of the hashes of the source rows copied so far ({@link RowHash}), hex */
    record State(String table, Status status, String lastKey, long copied, long rejected, String checksum, List<String> restore) {}

    record Reject(String table, String key, String column, String reason, String record) {
        /** One line naming the table, key, column and reason. */
        String describe() {
            return "bad row: table " + table + ", key " + key + (column == null ? "" : ", column " + column) + ": " + reason.replace("\0", "\\0");
        }
    }

    private Checkpoints() {}

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS pharos_migration (
                        table_name TEXT PRIMARY KEY, status TEXT NOT NULL, last_key TEXT, copied BIGINT NOT NULL,
                        rejected BIGINT NOT NULL, checksum TEXT NOT NULL, fk_restore TEXT NOT NULL, source TEXT NOT NULL, updated_at TEXT NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS pharos_migration_rejects (
                        table_name TEXT NOT NULL, row_key TEXT NOT NULL, column_name TEXT, reason TEXT NOT NULL,
                        record TEXT NOT NULL, PRIMARY KEY (table_name, row_key))""");
        }
    }

    static State get(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status, last_key, copied, rejected, checksum, fk_restore FROM pharos_migration WHERE table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new State(table, Status.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5), list(rs.getString(6)));
            }
        }
    }

    static void start(Connection c, String table, List<String> restore, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO pharos_migration (table_name, status, last_key, copied, rejected, checksum, fk_restore, source, updated_at)
                VALUES (?, 'COPYING', NULL, 0, 0, ?, ?, ?, ?)""")) {
            ps.setString(1, table);
            ps.setString(2, RowHash.Sum.ZERO);
            ps.setString(3, JSON.valueToTree(restore).toString());
            ps.setString(4, source);
            ps.setString(5, Instant.now().toString());
            ps.executeUpdate();
        }
    }

    static void advance(Connection c, String table, String lastKey, long copied, long rejected, String checksum) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE pharos_migration SET last_key = ?, copied = copied + ?, rejected = rejected + ?, checksum = ?, updated_at = ? WHERE table_name = ?")) {
            ps.setString(1, lastKey);
            ps.setLong(2, copied);
            ps.setLong(3, rejected);
            ps.setString(4, checksum);
            ps.setString(5, Instant.now().toString());
            ps.setString(6, table);
            ps.executeUpdate();
        }
    }

    static void status(Connection c, String table, Status status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE pharos_migration SET status = ?, updated_at = ? WHERE table_name = ?")) {
            ps.setString(1, status.name());
            ps.setString(2, Instant.now().toString());
            ps.setString(3, table);
            ps.executeUpdate();
        }
    }

    static void reject(Connection c, Reject r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO pharos_migration_rejects (table_name, row_key, column_name, reason, record) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, r.table());
            ps.setString(2, r.key());
            ps.setString(3, r.column());
            ps.setString(4, r.reason().replace("\0", "\\0"));
            ps.setString(5, r.record());
            ps.executeUpdate();
        }
    }

    static Set<String> rejectedKeys(Connection c, String table) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT row_key FROM pharos_migration_rejects WHERE table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /** Every reject record (JSON text), in table then key order, for the reject file. */
    static void forEachReject(Connection c, java.util.function.Consumer<String> sink) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record FROM pharos_migration_rejects ORDER BY table_name, row_key")) {
            while (rs.next()) sink.accept(rs.getString(1));
        }
    }

    /** Forgets the checkpoints and rejects of {@code tables}. */
    static void clear(Connection c, List<String> tables) throws SQLException {
        try (PreparedStatement a = c.prepareStatement("DELETE FROM pharos_migration WHERE table_name = ?");
             PreparedStatement b = c.prepareStatement("DELETE FROM pharos_migration_rejects WHERE table_name = ?")) {
            for (String t : tables) {
                a.setString(1, t);
                a.executeUpdate();
                b.setString(1, t);
                b.executeUpdate();
            }
        }
    }

    private static List<String> list(String json) {
        try {
            List<String> out = new ArrayList<>();
            JSON.readTree(json).forEach(n -> out.add(n.asText()));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("corrupt checkpoint " + json, e);
        }
    }
}
