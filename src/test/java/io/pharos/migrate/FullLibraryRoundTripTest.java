package io.pharos.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.Pharos;
import io.pharos.config.SettingsLoader;
import io.pharos.testing.Api;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration users trust: a library with every table populated through the public API goes
 * SQLite → PostgreSQL → SQLite; every table arrives with equal checksums on all three, and servers on
 * the three libraries answer the same reads identically. (Needs both databases: PostgreSQL run only.)
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class FullLibraryRoundTripTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();

    /** Reads compared across the three libraries: each must answer the same JSON. */
    static final List<String> READS = new ArrayList<>();

    @Test
    void every_table_survives_the_round_trip_with_equal_checksums_and_equal_answers() {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        String c = dbs.sqlite();
        Map<String, String> answersA;
        String key;
        try (Pharos server = start(a)) {
            // the implied local owner makes a key first (over HTTP: opted in below): once a user exists every call needs one
            key = ok(new Api(server.port()).post("/api/v1/keys", "{\"name\":\"owner laptop\"}"), 201).get("key").asText();
            populate(new Api(server.port(), key));
            importFolder(server);
            awaitEmbeddings(server);
            answersA = answers(server, key);
        }

        MigrationReport ab = migrate(a, b);
        MigrationReport bc = migrate(b, c);

        assertThat(ab.tables()).extracting(MigrationReport.TableReport::table).contains("chunks", "search_clicks", "api_keys", "taxonomy_nodes");
        assertThat(ab.tables()).allSatisfy(t -> {
            // the embedding and monitor queues are transient work: empty once the workers have caught up
            if (!t.table().equals("embedding_queue") && !t.table().equals("monitor_queue")) assertThat(t.sourceRows()).as("rows in " + t.table()).isPositive();
            assertThat(t.migrated()).as(t.table()).isEqualTo(t.sourceRows());
            assertThat(t.checksumMatch()).as(t.table()).isTrue();
        });
        Map<String, String> abSums = checksums(ab);
        assertThat(checksums(bc)).as("PostgreSQL → SQLite checksums equal SQLite → PostgreSQL ones").isEqualTo(abSums);
        assertThat(bc.tables()).allSatisfy(t -> assertThat(t.sourceChecksum()).isEqualTo(t.targetChecksum()));

        try (Pharos server = start(b)) {
            // dropped before the load, rebuilt after it
            long hnsw = server.library().database().read(h -> h.createQuery(
                    "SELECT count(*) FROM pg_indexes WHERE indexname = 'chunks_embedding_hnsw'").mapTo(Long.class).one());
            assertThat(hnsw).as("HNSW index on the PostgreSQL target").isEqualTo(1);
            assertThat(ab.derivedIndexes()).isNotEmpty();
            assertThat(answers(server, key)).as("answers on PostgreSQL, with the same key").isEqualTo(answersA);
        }
        try (Pharos server = start(c)) {
            assertThat(answers(server, key)).as("answers on SQLite again").isEqualTo(answersA);
        }
    }

    private static Pharos start(String url) {
        return Pharos.start(SettingsLoader.load(Map.of(), null, Map.of(
                "DATABASE_URL", url, "PHAROS_PORT", "0", "PHAROS_DATA_DIR", dbs.dir().toString(), "PHAROS_ALLOW_HTTP_BOOTSTRAP", "true")));
    }

    private static MigrationReport migrate(String from, String to) {
        return io.pharos.Library.migration(SettingsLoader.load(Map.of(), null, Map.of()).search()).run(
                new MigrateOptions(from, to, false, false, false, null, null, 50, MigrateOptions.OnError.ABORT, null, null, 0),
                Progress.silent());
    }

    private static Map<String, String> checksums(MigrationReport r) {
        Map<String, String> sums = new HashMap<>();
        r.tables().forEach(t -> sums.put(t.table(), t.targetChecksum()));
        return sums;
    }

    /** Fills every table of the library through the HTTP API, as a user would. */
    /** A folder imported through the library, so imported_files holds rows too. */
    static void importFolder(Pharos server) {
        importFolder(server, dbs.dir());
    }

    /** A folder under {@code base} imported through the library. */
    static void importFolder(Pharos server, java.nio.file.Path base) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(base.resolve("folder-" + System.nanoTime()));
            java.nio.file.Files.writeString(dir.resolve("harbour.md"), "# Harbour\n\nthe harbour master's notes\n");
            java.nio.file.Files.writeString(dir.resolve("tides.txt"), "Tide tables\nhigh water at noon\n");
            var summary = server.library().directoryImport().importDirectory(dir, p -> {});
            assertThat(summary.created()).isEqualTo(2);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void populate(Api api) {
        List<String> ids = new ArrayList<>();
        // made first, so every resource below is matched against it (alerts)
        ok(api.post("/api/v1/monitors", "{\"name\":\"foxes\",\"query\":\"quick fox\",\"filters\":{\"language\":\"en\"}}"), 201);
        for (int i = 0; i < 30; i++) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("title", "Paper " + i + " — ünïcödé ✓");
            r.put("content", "Section one. The quick brown fox " + i + " jumps over the lazy dog.\n\nSection two: more text " + i + ".");
            r.put("subject", List.of("topic-" + (i % 3), "all"));
            r.put("quality_score", i / 29.0);
            r.put("language", i % 2 == 0 ? "en" : "de");
            r.put("source", "docs/paper-" + i + ".md");
            ids.add(ok(api.post("/api/v1/resources", Api.json(r)), 201).get("id").asText());
        }
        ok(api.post("/api/v1/users", "{\"name\":\"Rita Reader\",\"email\":\"rita@example.org\",\"role\":\"user\"}"), 201);

        String parent = ok(api.post("/api/v1/collections", "{\"name\":\"Reading list\",\"visibility\":\"shared\"}"), 201).get("id").asText();
        String child = ok(api.post("/api/v1/collections", "{\"name\":\"Nested\",\"parent_id\":\"" + parent + "\"}"), 201).get("id").asText();
        ok(api.post("/api/v1/collections/" + parent + "/resources", Api.json(Map.of("resource_ids", ids.subList(0, 10)))), 200);
        ok(api.post("/api/v1/collections/" + child + "/resources", Api.json(Map.of("resource_ids", ids.subList(5, 8)))), 200);

        ok(api.post("/api/v1/resources/" + ids.get(0) + "/annotations",
                "{\"start_offset\":0,\"end_offset\":11,\"highlighted_text\":\"Section one\",\"note\":\"start\",\"tags\":[\"a\"],\"color\":\"#ffcc00\"}"), 201);
        String root = ok(api.post("/api/v1/taxonomy", "{\"name\":\"Science\"}"), 201).get("id").asText();
        String leaf = ok(api.post("/api/v1/taxonomy", "{\"name\":\"Physics\",\"parent_id\":\"" + root + "\"}"), 201).get("id").asText();
        for (int i = 0; i < 6; i++) {
            ok(api.post("/api/v1/resources/" + ids.get(i) + "/taxonomy", "{\"taxonomy_id\":\"" + leaf + "\",\"confidence\":0.75}"), 201);
        }
        for (int i = 0; i < 10; i++) {
            ok(api.post("/api/v1/resources/" + ids.get(i) + "/citations", "{\"target_resource_id\":\"" + ids.get(i + 1) + "\",\"context\":\"see\"}"), 201);
            ok(api.post("/api/v1/resources/" + ids.get(i) + "/interactions", "{\"interaction_type\":\"rate\",\"rating\":" + (1 + i % 5) + "}"), 201);
            ok(api.post("/api/v1/resources/" + ids.get(i) + "/interactions", "{\"interaction_type\":\"view\",\"duration_seconds\":" + (10 * i) + ",\"metadata\":{\"via\":\"test\"}}"), 201);
        }
        for (int i = 0; i < 3; i++) {
            ok(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "quick brown fox", "resource_id", ids.get(7),
                    "position", 3, "session_id", "session-" + i, "dwell_time_ms", 1200))), 201);
        }
        READS.clear();
        READS.addAll(List.of(
                "/api/v1/resources?limit=200&sort=title&order=asc",
                "/api/v1/resources?limit=200&sort=quality_score&subject=topic-1",
                "/api/v1/resources/" + ids.get(3),
                "/api/v1/collections/" + parent + "/resources?limit=200&sort=title&order=asc",
                "/api/v1/resources/" + ids.get(0) + "/annotations",
                "/api/v1/resources/" + ids.get(2) + "/graph?depth=3",
                "/api/v1/taxonomy/" + root,
                "/api/v1/taxonomy/" + leaf + "/resources?limit=200&sort=title&order=asc"));
        extraReads(ids).forEach(READS::add);
    }

    /** Search in every mode, and the nearest neighbours: the same results on every library. */
    private static List<String> extraReads(List<String> ids) {
        List<String> reads = new ArrayList<>();
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            reads.add("/api/v1/search?mode=" + mode + "&limit=5&q=quick+brown+fox+jumps");
            reads.add("/api/v1/search?mode=" + mode + "&limit=5&q=%22more+text%22");
        }
        reads.add("/api/v1/resources/" + ids.get(4) + "/similar?limit=5");
        reads.add("/api/v1/alerts?limit=100");
        return reads;
    }

    static void awaitEmbeddings(Pharos server) {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (server.library().search().index().queueDepth() > 0 || server.library().monitors().service().queueDepth() > 0) {
            assertThat(System.nanoTime()).as("embedding queue drained in time").isLessThan(deadline);
            server.library().search().worker().wake();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static Map<String, String> answers(Pharos server, String key) {
        Api api = new Api(server.port(), key);
        Map<String, String> out = new LinkedHashMap<>();
        Function<String, String> read = path -> {
            Api.Response r = api.get(path);
            assertThat(r.status()).as(path + " " + r.body()).isEqualTo(200);
            return r.body();
        };
        READS.forEach(p -> out.put(p, p.contains("/search") || p.contains("/similar") ? rankedIds(read.apply(p)) : read.apply(p)));
        return out;
    }

    /** The resource ids a search ranked, in order: scores may differ in the last float digits between engines. */
    private static String rankedIds(String body) {
        List<String> ids = new ArrayList<>();
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("results")
                    .forEach(r -> ids.add(r.path("resource").path("id").asText(r.path("id").asText())));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(ids).as("ranked results of " + body).isNotEmpty().doesNotContain("");
        return ids.toString();
    }

    static JsonNode ok(Api.Response r, int status) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return r.json();
    }
}
