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
import java.util.UUID;

/**
 * The migrate benchmark (run by {@code scripts/bench-migrate}, not a test): generates an SQLite library
 * of about {@code --rows} rows (resources with content; stand-ins for later versions' chunks with
 * vector(384) embeddings, annotations and interactions), migrates it SQLite → PostgreSQL and back with
 * {@code pharos migrate} in a child JVM (validation on), and, in the same run, measures the lower bound:
 * the same tables exported to CSV and loaded with psql's {@code \copy}. Prints a Markdown table.
 */
public final class MigrateBench {
    static final String[] PG = {
            "CREATE TABLE bench_chunks (id uuid PRIMARY KEY, resource_id uuid NOT NULL REFERENCES resources(id), ord integer NOT NULL, text text NOT NULL, embedding vector(384) NOT NULL)",
            "CREATE TABLE bench_annotations (id uuid PRIMARY KEY, resource_id uuid NOT NULL REFERENCES resources(id), body text NOT NULL, private boolean NOT NULL, created_at timestamptz NOT NULL)",
            "CREATE TABLE bench_interactions (id uuid PRIMARY KEY, resource_id uuid NOT NULL REFERENCES resources(id), kind text NOT NULL, weight double precision NOT NULL, payload jsonb NOT NULL, at timestamptz NOT NULL)"};
    static final String[] SQLITE = {
            "CREATE TABLE bench_chunks (id TEXT PRIMARY KEY, resource_id TEXT NOT NULL REFERENCES resources(id), ord INTEGER NOT NULL, text TEXT NOT NULL, embedding BLOB NOT NULL)",
            "CREATE TABLE bench_annotations (id TEXT PRIMARY KEY, resource_id TEXT NOT NULL REFERENCES resources(id), body TEXT NOT NULL, private INTEGER NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE bench_interactions (id TEXT PRIMARY KEY, resource_id TEXT NOT NULL REFERENCES resources(id), kind TEXT NOT NULL, weight REAL NOT NULL, payload TEXT NOT NULL, at TEXT NOT NULL)"};
    static final List<String> TABLES = List.of("resources", "bench_chunks", "bench_annotations", "bench_interactions");

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
        long[] counts = generate(a, rows);
        System.err.printf("generated %d rows in %.1f s (%s)%n", sum(counts), (System.nanoTime() - t0) / 1e9, dir.resolve("a.db"));

        List<String> lines = new ArrayList<>();
        lines.add("| step | rows | seconds | rows/s | MB/s | peak RSS |");
        lines.add("|---|---:|---:|---:|---:|---:|");
        lines.add(run("pharos migrate SQLite → PostgreSQL (validated)", a, b, dir, "ab"));
        lines.add(run("pharos migrate PostgreSQL → SQLite (validated)", b, c, dir, "bc"));
        lines.add(csvBound(a, d, admin));
        System.out.println(String.join("\n", lines));
        System.out.println("\nsource file " + Files.size(dir.resolve("a.db")) / (1 << 20) + " MiB; tables " + TABLES + " with " + java.util.Arrays.toString(counts) + " rows");
    }

    private static String newPg(String admin, String name) throws Exception {
        try (Connection c = Library.connect(admin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        }
        return admin.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
    }

    private static void create(String url) throws Exception {
        try (var db = io.pharos.db.Database.open(io.pharos.config.SettingsLoader.load(java.util.Map.of(), null, java.util.Map.of("DATABASE_URL", url)))) {
            new io.pharos.db.SchemaMigrator(db).upgrade();
        }
        Library.exec(url, Library.isPostgres(url) ? PG : SQLITE);
    }

    private static long sum(long[] a) {
        long s = 0;
        for (long x : a) s += x;
        return s;
    }

    /** resources 10 %, chunks 10 %, annotations 20 %, interactions 60 %. */
    private static long[] generate(String url, long rows) throws Exception {
        long resources = rows / 10, chunks = rows / 10, annotations = rows / 5, interactions = rows - resources - chunks - annotations;
        Random r = new Random(42);
        List<String> ids = new ArrayList<>();
        String words = "the lighthouse keeps a library of papers articles and notes about physics history and the sea ";
        try (Connection c = Library.connect(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=OFF");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO resources (id, title, description, content, creator, language, type, subject, quality_score, read_status, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, 'en', 'article', ?, ?, 'unread', ?, ?, 1)")) {
                for (long i = 0; i < resources; i++) {
                    String id = new UUID(r.nextLong(), r.nextLong()).toString();
                    ids.add(id);
                    ps.setString(1, id);
                    ps.setString(2, "Resource " + i);
                    ps.setString(3, "About item " + i);
                    ps.setString(4, words.repeat(10 + r.nextInt(30)));
                    ps.setString(5, "Author " + (i % 1000));
                    ps.setString(6, "[\"physics\", \"tag" + (i % 50) + "\"]");
                    ps.setDouble(7, r.nextDouble());
                    ps.setString(8, ts(r));
                    ps.setString(9, ts(r));
                    ps.addBatch();
                    if (i % 5000 == 4999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_chunks VALUES (?, ?, ?, ?, ?)")) {
                ByteBuffer v = ByteBuffer.allocate(384 * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (long i = 0; i < chunks; i++) {
                    ps.setString(1, new UUID(r.nextLong(), r.nextLong()).toString());
                    ps.setString(2, ids.get((int) (i % ids.size())));
                    ps.setLong(3, i % 7);
                    ps.setString(4, words.repeat(5));
                    v.clear();
                    for (int k = 0; k < 384; k++) v.putFloat((float) r.nextGaussian());
                    ps.setBytes(5, v.array());
                    ps.addBatch();
                    if (i % 5000 == 4999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_annotations VALUES (?, ?, ?, ?, ?)")) {
                for (long i = 0; i < annotations; i++) {
                    ps.setString(1, new UUID(r.nextLong(), r.nextLong()).toString());
                    ps.setString(2, ids.get(r.nextInt(ids.size())));
                    ps.setString(3, "A note on " + words.substring(0, 20 + r.nextInt(60)));
                    ps.setInt(4, r.nextInt(2));
                    ps.setString(5, ts(r));
                    ps.addBatch();
                    if (i % 5000 == 4999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_interactions VALUES (?, ?, ?, ?, ?, ?)")) {
                for (long i = 0; i < interactions; i++) {
                    ps.setString(1, new UUID(r.nextLong(), r.nextLong()).toString());
                    ps.setString(2, ids.get(r.nextInt(ids.size())));
                    ps.setString(3, i % 3 == 0 ? "view" : "click");
                    ps.setDouble(4, r.nextDouble());
                    ps.setString(5, "{\"query\": \"q" + (i % 977) + "\", \"rank\": " + r.nextInt(20) + "}");
                    ps.setString(6, ts(r));
                    ps.addBatch();
                    if (i % 5000 == 4999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return new long[] {resources, chunks, annotations, interactions};
    }

    private static String ts(Random r) {
        return String.format("2026-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60), r.nextInt(1000));
    }

    /** {@code pharos migrate} in a child JVM under /usr/bin/time (peak RSS), with its JSON report. */
    private static String run(String step, String from, String to, Path dir, String name) throws Exception {
        Path report = dir.resolve(name + "-report.json").toAbsolutePath();
        Path log = dir.resolve(name + ".log");
        List<String> cmd = List.of("/usr/bin/time", "-f", "BENCH_PEAK_RSS_KB=%M", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.pharos.Pharos", "migrate", "--from", from, "--to", to,
                "--report", report.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        String out = Files.readString(log);
        if (exit != 0) throw new IllegalStateException(step + " failed (exit " + exit + "), see " + log + ":\n" + out);
        long rssKb = Long.parseLong(out.substring(out.lastIndexOf("BENCH_PEAK_RSS_KB=") + 18).strip());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        for (JsonNode t : r.get("tables")) {
            if (!t.get("checksum_match").asBoolean()) throw new IllegalStateException("checksum mismatch in " + t);
        }
        long rows = r.get("rows").asLong();
        double mb = r.get("megabytes_per_second").asDouble() * r.get("seconds").asDouble();
        return String.format("| %s | %d | %.1f | %.0f | %.1f | %d MiB |", step, rows, seconds, rows / seconds, mb / seconds, rssKb / 1024);
    }

    /** The lower bound: each table read from SQLite as CSV straight into psql's {@code \copy} (no checks, no validation). */
    private static String csvBound(String from, String pg, String admin) throws Exception {
        DatabaseUrl u = DatabaseUrl.parse(pg);
        long rows = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        try (Connection src = Library.connect(from)) {
            for (String table : TABLES) {
                ProcessBuilder pb = new ProcessBuilder("psql", "-q", "-v", "ON_ERROR_STOP=1", pg.replaceFirst("^jdbc:", ""),
                        "-c", "\\copy " + table + " FROM STDIN WITH (FORMAT csv)").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT);
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
                            } else if (md.getColumnName(i).equals("private")) {
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
        double seconds = (System.nanoTime() - t0) / 1e9;
        return String.format("| lower bound: SQLite → CSV → psql \\copy (no checks, no validation) | %d | %.1f | %.0f | %.1f | – |", rows, seconds, rows / seconds, bytes / 1e6 / seconds);
    }
}
