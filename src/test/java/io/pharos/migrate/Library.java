package io.pharos.migrate;

import io.pharos.config.DatabaseUrl;
import io.pharos.config.SettingsLoader;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Test libraries: the project's schema plus tables standing in for later versions' (every column type the
 * migrator converts: uuid, jsonb, timestamptz, boolean, double, real, int, bigint, vector(3), bytea, a
 * self-referencing foreign key, a sequence), created alike on both kinds, and a generator of rows.
 */
final class Library {
    static final String NODES_PG = """
            CREATE TABLE t_nodes (id uuid PRIMARY KEY, parent_id uuid REFERENCES t_nodes(id),
                resource_id uuid REFERENCES resources(id), name text NOT NULL, flag boolean NOT NULL,
                score double precision, weight real, n integer, big bigint, meta jsonb NOT NULL,
                at timestamptz NOT NULL, emb vector(3), raw bytea, born date)""";
    static final String NODES_SQLITE = """
            CREATE TABLE t_nodes (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES t_nodes(id),
                resource_id TEXT REFERENCES resources(id), name TEXT NOT NULL, flag INTEGER NOT NULL,
                score REAL, weight REAL, n INTEGER, big INTEGER, meta TEXT NOT NULL,
                at TEXT NOT NULL, emb BLOB, raw BLOB, born TEXT)""";
    /** No primary key: a unique index over NOT NULL columns (composite) serves as the key. */
    static final String TAGS_PG = "CREATE TABLE t_tags (resource_id uuid NOT NULL REFERENCES resources(id), tag text NOT NULL, "
            + "weight double precision, UNIQUE (resource_id, tag))";
    static final String TAGS_SQLITE = "CREATE TABLE t_tags (resource_id TEXT NOT NULL REFERENCES resources(id), tag TEXT NOT NULL, "
            + "weight REAL, UNIQUE (resource_id, tag))";
    static final String COUNTER_PG = "CREATE TABLE t_counter (id bigserial PRIMARY KEY, label text NOT NULL)";
    static final String COUNTER_SQLITE = "CREATE TABLE t_counter (id INTEGER PRIMARY KEY AUTOINCREMENT, label TEXT NOT NULL)";

    private Library() {}

    static boolean isPostgres(String url) {
        return DatabaseUrl.parse(url).kind() == DatabaseUrl.Kind.POSTGRESQL;
    }

    static Connection connect(String url) throws SQLException {
        DatabaseUrl u = DatabaseUrl.parse(url);
        return DriverManager.getConnection(u.jdbcUrl(), u.user(), u.password());
    }

    /** The project's schema (latest version) plus the stand-in tables. */
    static void create(String url) throws SQLException {
        try (Database db = Database.open(SettingsLoader.load(Map.of(), null, Map.of("DATABASE_URL", url)))) {
            new SchemaMigrator(db).upgrade();
        }
        boolean pg = isPostgres(url);
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            s.execute(pg ? NODES_PG : NODES_SQLITE);
            s.execute(pg ? COUNTER_PG : COUNTER_SQLITE);
            s.execute(pg ? TAGS_PG : TAGS_SQLITE);
        }
    }

    /** Fills an SQLite library with {@code resources} resources (2 tags each), {@code nodes} nodes and 50 counters; returns the resource ids. */
    static List<String> populate(String sqliteUrl, int resources, int nodes, long seed) throws SQLException {
        Random r = new Random(seed);
        List<String> ids = new ArrayList<>();
        try (Connection c = connect(sqliteUrl)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO resources (id, title, description, content, creator, language, type, subject, quality_score,
                        read_status, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < resources; i++) {
                    String id = uuid(r);
                    ids.add(id);
                    ps.setString(1, id);
                    ps.setString(2, "Titel \"" + i + "\" – ünïcödé 𝔘 ✓ " + "\t" + r.nextInt());
                    ps.setString(3, i % 7 == 0 ? null : "line one\nline two\\ back'slash " + r.nextLong());
                    ps.setString(4, "content ".repeat(1 + r.nextInt(40)) + i);
                    ps.setString(5, i % 3 == 0 ? null : "Author " + i);
                    ps.setString(6, i % 2 == 0 ? "en" : "de");
                    ps.setString(7, "article");
                    ps.setString(8, i % 5 == 0 ? "[]" : "[ \"physics\",  \"tag " + i + "\" ]");
                    if (i % 4 == 0) ps.setNull(9, java.sql.Types.REAL);
                    else ps.setDouble(9, r.nextDouble());
                    ps.setString(10, List.of("unread", "in_progress", "completed", "archived").get(i % 4));
                    ps.setString(11, String.format("2026-01-%02dT10:%02d:%02d.%03dZ", 1 + i % 28, i % 60, r.nextInt(60), r.nextInt(1000)));
                    ps.setString(12, i % 6 == 0 ? "2026-03-01T12:00:00.500+02:00" : "2026-02-01T00:00:00.000Z");
                    ps.setLong(13, 1 + i % 3);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            List<String> nodeIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO t_nodes (id, parent_id, resource_id, name, flag, score, weight, n, big, meta, at, emb, raw, born)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < nodes; i++) {
                    String id = uuid(r);
                    ps.setString(1, id);
                    ps.setString(2, nodeIds.isEmpty() || i % 5 == 0 ? null : nodeIds.get(r.nextInt(nodeIds.size())));
                    ps.setString(3, ids.isEmpty() || i % 3 == 0 ? null : ids.get(r.nextInt(ids.size())));
                    ps.setString(4, "node " + i);
                    ps.setInt(5, i % 2);
                    ps.setDouble(6, i % 2 == 0 ? 0.1 + 0.2 : r.nextGaussian() * 1e300);
                    ps.setDouble(7, i / 4.0);
                    ps.setInt(8, i);
                    ps.setLong(9, Long.MAX_VALUE - i);
                    ps.setString(10, "{\"b\": 1, \"a\": [1.50, \"x\", {\"z\": null, \"y\": true}], \"n\": " + i + "}");
                    ps.setString(11, i % 2 == 0 ? "2026-05-05T05:05:05.123Z" : "2026-05-05T07:05:05.123+02:00");
                    ps.setBytes(12, i % 4 == 0 ? null : vector(r.nextFloat(), -r.nextFloat(), i));
                    ps.setBytes(13, i % 2 == 0 ? null : new byte[] {0, 1, (byte) 0xFF, (byte) i});
                    ps.setString(14, i % 3 == 0 ? null : java.time.LocalDate.of(1900 + i % 200, 1 + i % 12, 1 + i % 28).toString());
                    ps.addBatch();
                    nodeIds.add(id);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t_tags (resource_id, tag, weight) VALUES (?, ?, ?)")) {
                for (String id : ids) {
                    for (String tag : List.of("Zeta", "alpha")) {
                        ps.setString(1, id);
                        ps.setString(2, tag);
                        ps.setDouble(3, r.nextDouble());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t_counter (label) VALUES (?)")) {
                for (int i = 0; i < 50; i++) {
                    ps.setString(1, "counter " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return ids;
    }

    static String uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    static byte[] vector(float... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) b.putFloat(f);
        return b.array();
    }

    static long count(String url, String table) throws SQLException {
        return one(url, "SELECT count(*) FROM " + table);
    }

    static long one(String url, String sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void exec(String url, String... sql) throws SQLException {
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            for (String q : sql) s.execute(q);
        }
    }
}
