package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.config.DatabaseUrl;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The migrate benchmark (run by {@code scripts/bench-migrate}, not a test): generates an SQLite library
 * of about {@code --rows} rows in the project's real schema (users, collections, resources with content,
 * chunks with 384-float embeddings, collection memberships, annotations, interactions), migrates it
 * SQLite → PostgreSQL and back with {@code pharos migrate} in a child JVM (validation on, search indexes
 * rebuilt on the target through {@code Pharos.derivedIndexes}), and, in the same run, measures the lower
 * bound: the same tables exported to CSV and loaded with psql's {@code \copy}. Prints a Markdown table.
 */
public final class MigrateBench {
    /** Tables with rows, in foreign-key order (the lower bound loads them in this order). */
    static final List<String> TABLES = List.of("users", "collections", "resources", "collection_resources", "annotations",
            "interactions", "chunks");
    static final java.util.Set<String> BOOLEANS = java.util.Set.of("is_shared", "is_leaf", "allow_resources", "is_predicted");
    static final String WORDS = "the lighthouse keeps a library of papers articles and notes about physics history and the sea ";

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        Path dir = Path.of("target/bench");
        String admin = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--admin-url" -> admin = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        String a = "sqlite:" + dir.resolve("a.db");
        String c = "sqlite:" + dir.resolve("c.db");
        Files.deleteIfExists(dir.resolve("a.db"));
        Files.deleteIfExists(dir.resolve("c.db"));
        String b = newPg(admin, "bench_b");
        String d = newPg(admin, "bench_csv");
        for (String url : List.of(a, b, c, d)) create(url);

        long t0 = System.nanoTime();
        java.util.Map<String, Long> counts = generate(a, rows);
        System.err.printf("generated %d rows in %.1f s (%s)%n", counts.values().stream().mapToLong(Long::longValue).sum(),
                (System.nanoTime() - t0) / 1e9, dir.resolve("a.db"));

        List<String> lines = new ArrayList<>();
        lines.add("| step | rows | seconds | rows/s | MB/s | peak RSS | of which index rebuild |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|");
        lines.add(run("pharos migrate SQLite → PostgreSQL (validated)", a, b, dir, "ab"));
        lines.add(run("pharos migrate PostgreSQL → SQLite (validated)", b, c, dir, "bc"));
        lines.add(csvBound(a, d));
        System.out.println(String.join("\n", lines));
        System.out.println("\nsource file " + Files.size(dir.resolve("a.db")) / (1 << 20) + " MiB; rows per table " + counts);
        System.out.println("PostgreSQL sizes (MiB, with indexes and TOAST): " + pgSizes(b));
    }

    private static String newPg(String admin, String name) throws Exception {
        try (Connection c = Library.connect(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return admin.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    /** The project's schema, latest version, as {@code pharos db upgrade} makes it. */
    private static void create(String url) throws Exception {
        try (var db = io.pharos.db.Database.open(io.pharos.config.SettingsLoader.load(java.util.Map.of(), null, java.util.Map.of("DATABASE_URL", url)))) {
            new io.pharos.db.SchemaMigrator(db).upgrade();
        }
    }

    private static java.util.Map<String, Long> pgSizes(String url) throws Exception {
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        try (Connection c = Library.connect(url); Statement s = c.createStatement()) {
            for (String t : concat(TABLES, List.of("chunk_terms"))) {
                try (ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('" + t + "')")) {
                    rs.next();
                    sizes.put(t, rs.getLong(1) >> 20);
                }
            }
        }
        return sizes;
    }

    private static List<String> concat(List<String> x, List<String> y) {
        List<String> all = new ArrayList<>(x);
        all.addAll(y);
        return all;
    }

    /**
     * Per million rows: 20 users, 200 collections, 50,000 resources (1–2 KB content), 100,000 chunks (two per
     * resource, with a random unit embedding), 250,000 memberships, 200,000 annotations, 400,000 interactions.
     */
    private static java.util.Map<String, Long> generate(String url, long rows) throws Exception {
        long resources = Math.max(rows / 20, 10), chunks = resources * 2, memberships = rows / 4, annotations = rows / 5;
        long interactions = Math.max(rows - resources - chunks - memberships - annotations, 0);
        int users = 20, collections = 200;
        long perCollection = Math.min(memberships / collections, resources);
        memberships = perCollection * collections;
        Random r = new Random(42);
        String[] userIds = new String[users], collectionIds = new String[collections], resourceIds = new String[(int) resources];
        int[] repeats = new int[(int) resources];
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        try (Connection c = Library.connect(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, email, role, created_at) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < users; i++) {
                    userIds[i] = Library.uuid(r);
                    ps.setString(1, userIds[i]);
                    ps.setString(2, "User " + i);
                    ps.setString(3, "user" + i + "@example.org");
                    ps.setString(4, i == 0 ? "admin" : "user");
                    ps.setString(5, ts(r));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO collections (id, name, description, owner_id, visibility, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                String[] visibility = {"private", "shared", "public"};
                for (int i = 0; i < collections; i++) {
                    collectionIds[i] = Library.uuid(r);
                    ps.setString(1, collectionIds[i]);
                    ps.setString(2, "Collection " + i);
                    ps.setString(3, "Papers about topic " + i);
                    ps.setString(4, userIds[i % users]);
                    ps.setString(5, visibility[i % 3]);
                    ps.setString(6, i >= 10 && i % 10 == 0 ? collectionIds[i - 10] : null);
                    ps.setString(7, ts(r));
                    ps.setString(8, ts(r));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO resources (id, title, description, content, creator, language, type, subject, quality_score, read_status, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 'en', 'article', ?, ?, 'unread', ?, ?, 1)")) {
                for (int i = 0; i < resources; i++) {
                    resourceIds[i] = Library.uuid(r);
                    repeats[i] = 11 + r.nextInt(11);
                    ps.setString(1, resourceIds[i]);
                    ps.setString(2, "Resource " + i);
                    ps.setString(3, "About item " + i);
                    ps.setString(4, WORDS.repeat(repeats[i]));
                    ps.setString(5, "Author " + (i % 1000));
                    ps.setString(6, "[\"physics\", \"tag" + (i % 50) + "\"]");
                    ps.setDouble(7, r.nextDouble());
                    ps.setString(8, ts(r));
                    ps.setString(9, ts(r));
                    batch(ps, i);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO chunks (id, resource_id, ordinal, title, heading, text, token_count, embedding) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ByteBuffer v = ByteBuffer.allocate(384 * 4).order(ByteOrder.LITTLE_ENDIAN);
                float[] f = new float[384];
                for (long i = 0; i < chunks; i++) {
                    int res = (int) (i / 2);
                    int ordinal = (int) (i % 2);
                    String content = WORDS.repeat(repeats[res]);
                    String text = ordinal == 0 ? content.substring(0, content.length() / 2) : content.substring(content.length() / 2);
                    ps.setLong(1, i + 1);
                    ps.setString(2, resourceIds[res]);
                    ps.setInt(3, ordinal);
                    ps.setString(4, "Resource " + res);
                    ps.setString(5, ordinal == 0 ? null : "Section " + ordinal);
                    ps.setString(6, text);
                    ps.setInt(7, text.split(" ").length);
                    double norm = 0;
                    for (int k = 0; k < 384; k++) {
                        f[k] = (float) r.nextGaussian();
                        norm += f[k] * f[k];
                    }
                    v.clear();
                    for (int k = 0; k < 384; k++) v.putFloat((float) (f[k] / Math.sqrt(norm)));
                    ps.setBytes(8, v.array());
                    batch(ps, i);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO collection_resources (collection_id, resource_id, added_at, position) VALUES (?, ?, ?, ?)")) {
                long n = 0;
                for (int col = 0; col < collections; col++) {
                    for (long j = 0; j < perCollection; j++) {
                        ps.setString(1, collectionIds[col]);
                        ps.setString(2, resourceIds[(int) ((col * 997L + j) % resources)]);
                        ps.setString(3, ts(r));
                        ps.setLong(4, j);
                        batch(ps, n++);
                    }
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO annotations (id, resource_id, user_id, start_offset, end_offset, highlighted_text, note, tags, color, is_shared, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String[] colors = {"yellow", "green", "blue", null};
                for (long i = 0; i < annotations; i++) {
                    int res = r.nextInt((int) resources);
                    int length = WORDS.length() * repeats[res];
                    int start = r.nextInt(length - 100);
                    int end = start + 10 + r.nextInt(90);
                    ps.setString(1, Library.uuid(r));
                    ps.setString(2, resourceIds[res]);
                    ps.setString(3, userIds[r.nextInt(users)]);
                    ps.setInt(4, start);
                    ps.setInt(5, end);
                    ps.setString(6, WORDS.repeat(repeats[res]).substring(start, end));
                    ps.setString(7, i % 3 == 0 ? null : "A note on " + WORDS.substring(0, 20 + r.nextInt(60)));
                    ps.setString(8, "[\"tag" + (i % 40) + "\"]");
                    ps.setString(9, colors[(int) (i % 4)]);
                    ps.setInt(10, r.nextInt(2));
                    ps.setString(11, ts(r));
                    ps.setString(12, ts(r));
                    batch(ps, i);
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO interactions (id, user_id, resource_id, interaction_type, rating, duration_seconds, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                String[] types = {"view", "view", "bookmark", "rate", "download"};
                for (long i = 0; i < interactions; i++) {
                    String type = types[(int) (i % types.length)];
                    ps.setString(1, Library.uuid(r));
                    int user = r.nextInt(users), resource = r.nextInt((int) resources);
                    if (type.equals("bookmark")) {   // one bookmark per user and resource (a unique index): distinct pairs
                        long b = i / types.length;
                        user = (int) (b % users);
                        resource = (int) ((b / users) % resources);
                    }
                    ps.setString(2, userIds[user]);
                    ps.setString(3, resourceIds[resource]);
                    ps.setString(4, type);
                    if (type.equals("rate")) ps.setInt(5, 1 + r.nextInt(5)); else ps.setNull(5, java.sql.Types.INTEGER);
                    if (type.equals("view")) ps.setInt(6, r.nextInt(600)); else ps.setNull(6, java.sql.Types.INTEGER);
                    ps.setString(7, "{\"query\": \"q" + (i % 977) + "\", \"rank\": " + r.nextInt(20) + "}");
                    ps.setString(8, ts(r));
                    batch(ps, i);
                }
                ps.executeBatch();
            }
            c.commit();
        }
        counts.put("users", (long) users);
        counts.put("collections", (long) collections);
        counts.put("resources", resources);
        counts.put("chunks", chunks);
        counts.put("collection_resources", memberships);
        counts.put("annotations", annotations);
        counts.put("interactions", interactions);
        return counts;
    }

    private static void batch(PreparedStatement ps, long i) throws java.sql.SQLException {
        ps.addBatch();
        if (i % 5000 == 4999) ps.executeBatch();
    }

    private static String ts(Random r) {
        return String.format("2026-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000));
    }

    /**
     * {@code pharos migrate} in a child JVM under /usr/bin/time (peak RSS), with its JSON report. The index
     * rebuild time is the time between the last table's "verified" log line and the printed report.
     */
    private static String run(String step, String from, String to, Path dir, String name) throws Exception {
        Path report = dir.resolve(name + "-report.json").toAbsolutePath();
        Path log = dir.resolve(name + ".log");
        List<String> cmd = List.of("/usr/bin/time", "-f", "BENCH_PEAK_RSS_KB=%M", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.pharos.cli.Main", "migrate", "--from", from, "--to", to,
                "--report", report.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        long lastVerified = 0, reported = 0;
        StringBuilder out = new StringBuilder();
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                long now = System.nanoTime();
                if (line.contains(" verified: ")) lastVerified = now;
                if (line.startsWith("Migrated ") && reported == 0) reported = now;
                out.append(line).append('\n');
            }
        }
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.writeString(log, out);
        if (exit != 0) throw new IllegalStateException(step + " failed (exit " + exit + "), see " + log + ":\n" + out);
        long rssKb = Long.parseLong(out.substring(out.lastIndexOf("BENCH_PEAK_RSS_KB=") + 18).strip());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        for (JsonNode t : r.get("tables")) {
            if (!t.get("checksum_match").asBoolean()) throw new IllegalStateException("checksum mismatch in " + t);
        }
        long rows = r.get("rows").asLong();
        double mb = r.get("megabytes_per_second").asDouble() * r.get("seconds").asDouble();
        double rebuild = lastVerified > 0 && reported > lastVerified ? (reported - lastVerified) / 1e9 : Double.NaN;
        return String.format("| %s | %d | %.1f | %.0f | %.1f | %d MiB | %.1f s |", step, rows, seconds, rows / seconds, mb / seconds, rssKb / 1024, rebuild);
    }

    /**
     * The lower bound: each table read from SQLite as CSV straight into psql's {@code \copy} (no checks, no
     * validation), with the HNSW index dropped first and built once at the end, as {@code pharos migrate}'s rebuild does
     * (chunk_terms is filled by its trigger, as in the migration).
     */
    private static String csvBound(String from, String pg) throws Exception {
        DatabaseUrl u = DatabaseUrl.parse(pg);
        long rows = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        psql(u, pg, "DROP INDEX chunks_embedding_hnsw");
        try (Connection src = Library.connect(from)) {
            for (String table : TABLES) {
                List<String> columns = new ArrayList<>();
                try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) columns.add(rs.getMetaData().getColumnName(i));
                }
                ProcessBuilder pb = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", pg.replaceFirst("^jdbc:", ""),
                        "-c", "\\copy " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
                if (u.password() != null) pb.environment().put("PGPASSWORD", u.password());
                Process p = pb.start();
                try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), 1 << 20);
                     Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    StringBuilder line = new StringBuilder();
                    while (rs.next()) {
                        line.setLength(0);
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            if (i > 1) line.append(',');
                            Object v = rs.getObject(i);
                            if (v == null) continue;
                            if (v instanceof byte[] blob) {
                                float[] f = new float[blob.length / 4];
                                ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
                                line.append('"').append(java.util.Arrays.toString(f).replace(" ", "")).append('"');
                            } else if (v instanceof String str) {
                                line.append('"').append(str.replace("\"", "\"\"")).append('"');
                            } else if (BOOLEANS.contains(md.getColumnName(i))) {
                                line.append(((Number) v).intValue() == 1 ? "t" : "f");
                            } else {
                                line.append(v);
                            }
                        }
                        line.append('\n');
                        bytes += line.length();
                        w.append(line);
                        rows++;
                    }
                }
                if (p.waitFor() != 0) throw new IllegalStateException("psql \\copy of " + table + " failed");
            }
        }
        long copied = System.nanoTime();
        psql(u, pg, "SET maintenance_work_mem = '256MB'; CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64); ANALYZE chunks");
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format("| lower bound: SQLite → CSV → psql \\copy (no checks, no validation) | %d | %.1f | %.0f | %.1f | – | %.1f s |",
                rows, seconds, rows / seconds, bytes / 1e6 / seconds, (System.nanoTime() - copied) / 1e9);
    }

    private static void psql(DatabaseUrl u, String pg, String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", pg.replaceFirst("^jdbc:", ""), "-c", sql)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
        if (u.password() != null) pb.environment().put("PGPASSWORD", u.password());
        if (pb.start().waitFor() != 0) throw new IllegalStateException("psql failed: " + sql);
    }
}
