package io.pharos.migrate;

import io.pharos.Pharos;
import io.pharos.config.SettingsLoader;
import io.pharos.testing.Api;
import io.pharos.testing.ScratchDatabases;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code pharos migrate --live}: a library in use moves SQLite → PostgreSQL and back while a client writes
 * through the server the whole time. Every acknowledged write arrives, nothing is duplicated, deleted rows
 * are gone, the checksums at the cut-over match, no read fails, no write gets a 5xx other than 503 with
 * Retry-After, and the server ends on the target without a restart. (Needs both databases: PostgreSQL run.)
 */
@Tag("postgresql-only")
@Tag("own-databases")   // builds its own databases whatever the run: once, in the postgresql run
class LiveMigrationTest {
    @RegisterExtension
    static final ScratchDatabases dbs = new ScratchDatabases();
    /** The issue's acceptance size: 20,000 resources with chunks, collections and annotations. */
    static final int LIBRARY = 20_000;

    @Test
    void a_library_in_use_moves_to_postgresql_and_back_losing_no_acknowledged_write_and_failing_no_read() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        try (Pharos server = start(a)) {
            Api api = new Api(server.port());
            List<String> collections = new ArrayList<>();
            List<String> seeded = seed(server, api, LIBRARY, collections);
            MigrationReport there;
            MigrationReport back;
            LiveWriter w;
            try (LiveWriter writer = new LiveWriter(api, seeded, collections)) {
                w = writer;
                Thread.sleep(500);
                there = live(a, b, false);
                awaitServing(server, b);
                assertHealthDescribes(api, "postgresql");
                Thread.sleep(1000);   // writes land on PostgreSQL now
                back = live(b, a, true);   // going back: the same command the other way (the old copy is emptied)
                awaitServing(server, a);
                assertHealthDescribes(api, "sqlite");
                Thread.sleep(1000);
            }
            assertThat(w.violations).as("reads that failed and writes answered 5xx other than 503 + Retry-After").isEmpty();
            assertThat(w.acknowledged.get()).isGreaterThan(50);
            assertThat(w.reads.get()).isGreaterThan(50);
            for (MigrationReport r : List.of(there, back)) {
                assertThat(r.tables()).isNotEmpty().allSatisfy(t -> {
                    assertThat(t.checksumMatch()).as(t.table() + " " + t.differences()).isTrue();
                    assertThat(t.migrated()).as(t.table()).isEqualTo(t.sourceRows());
                });
                assertThat(r.notes()).anyMatch(n -> n.startsWith("write hold:")).anyMatch(n -> n.startsWith("replay:"));
            }
            assertEveryAcknowledgedWrite(api, w, a, LIBRARY - seeded.size());
            assertMovedAway(b);
            assertThat(server.library().database().url().jdbcUrl()).isEqualTo(io.pharos.config.DatabaseUrl.parse(a).jdbcUrl());
        }
    }

    @Test
    void cutover_from_another_terminal_ends_a_replay_that_waits_for_it() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        try (Pharos server = start(a)) {
            Api api = new Api(server.port());
            seed(server, api, 200, new ArrayList<>());
            List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
            var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> io.pharos.Library.migration(SettingsLoader.load(Map.of(), null, Map.of()).search()).runLive(
                    new MigrateOptions(a, b, false, false, false, null, null, 500, MigrateOptions.OnError.ABORT, null, null, 0),
                    LiveOptions.run(false), Progress.silent(), lines::add));
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (lines.stream().noneMatch(l -> l.startsWith("replay:")) && System.nanoTime() < end) Thread.sleep(50);
            assertThat(lines).as("replay shows the lag while it waits").anyMatch(l -> l.startsWith("replay: lag "));
            assertThat(api.post("/api/v1/resources", "{\"title\":\"during replay\"}").status()).isEqualTo(201);
            assertThat(run).isNotDone();

            io.pharos.testing.Cli.Run cutover = io.pharos.testing.Cli.run("migrate", "--live", "--cutover", "--from", a);
            assertThat(cutover.exit()).as(cutover.err()).isZero();
            assertThat(cutover.out()).contains("cut-over requested");
            MigrationReport r = run.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.tables()).allSatisfy(t -> assertThat(t.checksumMatch()).isTrue());
            awaitServing(server, b);
            assertThat(Library.one(b, "SELECT count(*) FROM resources WHERE title = 'during replay'")).isEqualTo(1);
        }
    }

    @Test
    void a_server_that_may_not_follow_keeps_reading_the_old_copy_refuses_writes_and_says_where_the_library_went() throws Exception {
        String a = dbs.sqlite();
        String b = dbs.postgres();
        try (Pharos server = Pharos.start(SettingsLoader.load(Map.of(), null, Map.of("DATABASE_URL", a, "PHAROS_PORT", "0",
                "PHAROS_DATA_DIR", dbs.dir().toString(), "PHAROS_EMBEDDINGS", "none", "PHAROS_LIVE_FOLLOW", "false")))) {
            Api api = new Api(server.port());
            List<String> ids = seed(server, api, 200, new ArrayList<>());
            MigrationReport r = live(a, b, false);
            assertThat(r.notes()).anyMatch(n -> n.contains("no instance reported following"));
            long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!api.get("/health/ready").body().contains("moved_to") && System.nanoTime() < end) Thread.sleep(50);

            assertThat(server.library().database().url().jdbcUrl()).contains("sqlite");
            assertThat(api.get("/api/v1/resources/" + ids.get(0)).status()).isEqualTo(200);
            Api.Response write = api.post("/api/v1/resources", "{\"title\":\"after the move\"}");
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.header("Retry-After")).isNotNull();
            assertThat(write.body()).contains("moved");
            var health = api.get("/health/ready").json().get("live_migration");
            assertThat(health.get("moved_to").asText()).contains(b.replaceFirst("^postgresql://[^@]*@", "").replaceFirst("\\?.*$", ""));
            assertThat(health.get("following").asBoolean()).isFalse();
            assertThat(Library.one(b, "SELECT count(*) FROM resources")).isEqualTo(200);
        }
    }

    /** After a switch, /health/ready describes the database served now: its dialect, version and capabilities. */
    static void assertHealthDescribes(Api api, String dialect) throws InterruptedException {
        // a check answers within its budget (500 ms), with its last finished report when slower: asked again until one finished
        var ready = api.get("/health/ready").json();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!(ready.at("/status").asText().equals("ready") && ready.at("/database/dialect").asText().equals(dialect)) && System.nanoTime() < end) {
            Thread.sleep(100);
            ready = api.get("/health/ready").json();
        }
        assertThat(ready.at("/status").asText()).as(ready.toString()).isEqualTo("ready");
        assertThat(ready.at("/database/dialect").asText()).as(ready.toString()).isEqualTo(dialect);
        if (dialect.equals("postgresql")) {
            assertThat(ready.at("/database/server_version").asText()).startsWith("PostgreSQL");
            assertThat(ready.at("/capabilities/pgvector").asBoolean()).isTrue();
            assertThat(ready.at("/capabilities").has("fts5")).isFalse();
        } else {
            assertThat(ready.at("/database/server_version").asText()).startsWith("SQLite");
            assertThat(ready.at("/capabilities/fts5").asBoolean()).isTrue();
            assertThat(ready.at("/capabilities").has("pgvector")).isFalse();
        }
    }

    /** What the client was told it wrote is what the library holds, through the server and in the database. */
    /** {@code untracked}: seeded resources the writer never touched (still there). */
    static void assertEveryAcknowledgedWrite(Api api, LiveWriter w, String url, long untracked) throws SQLException {
        assertEveryAcknowledgedWrite(api, List.of(w), url, untracked);
    }

    /** The same for several clients, each writing its own resources (memberships and annotations may meet in collections). */
    static void assertEveryAcknowledgedWrite(Api api, List<LiveWriter> writers, String url, long untracked) throws SQLException {
        long tracked = 0;
        for (LiveWriter w : writers) {
            tracked += w.titles.size();
            for (var e : w.titles.entrySet()) {
                Api.Response r = api.get("/api/v1/resources/" + e.getKey());
                assertThat(r.status()).as("resource " + e.getKey()).isEqualTo(200);
                if (!e.getValue().equals("?")) assertThat(r.json().get("title").asText()).isEqualTo(e.getValue());
            }
            for (String id : w.deleted) assertThat(api.get("/api/v1/resources/" + id).status()).as("deleted " + id).isEqualTo(404);
            for (String m : w.memberships) {
                String[] p = m.split("/");
                assertThat(Library.one(url, "SELECT count(*) FROM collection_resources WHERE collection_id = '" + p[0] + "' AND resource_id = '" + p[1] + "'"))
                        .as("membership " + m).isEqualTo(1);
            }
            for (var e : w.annotations.entrySet()) {
                long n = Library.one(url, "SELECT count(*) FROM annotations WHERE id = '" + e.getKey() + "'");
                assertThat(n).as("annotation " + e.getKey()).isEqualTo(w.deleted.contains(e.getValue()) ? 0 : 1);
            }
        }
        assertThat(Library.one(url, "SELECT count(*) FROM resources")).isEqualTo(tracked + untracked);
        assertThat(Library.one(url, "SELECT count(DISTINCT id) FROM resources")).isEqualTo(tracked + untracked);
        long orphans = Library.one(url, "SELECT count(*) FROM annotations x WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = x.resource_id)");
        assertThat(orphans).isZero();
        assertThat(Library.one(url, "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM resources r WHERE r.id = c.resource_id)")).isZero();
    }

    /** The old source keeps its rows, has no change log left, and refuses writes. */
    static void assertMovedAway(String url) throws SQLException {
        assertThat(Library.one(url, "SELECT count(*) FROM resources")).isPositive();
        assertThatThrownBy(() -> Library.one(url, "SELECT count(*) FROM pharos_live_changes")).isInstanceOf(SQLException.class);
        try (Connection c = Library.connect(url); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("UPDATE resources SET title = 'late' WHERE id IN (SELECT id FROM resources LIMIT 1)"))
                    .hasMessageContaining("pharos_live_moved");
        }
    }

    static MigrationReport live(String from, String to, boolean truncate) {
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        MigrationReport r = io.pharos.Library.migration(SettingsLoader.load(Map.of(), null, Map.of()).search()).runLive(
                new MigrateOptions(from, to, false, false, truncate, null, null, 500, MigrateOptions.OnError.ABORT, null, null, 0),
                LiveOptions.run(true), Progress.silent(), lines::add);
        System.err.println(String.join("\n", lines) + "\n" + r.notes());
        return r;
    }

    static Pharos start(String url) {
        return start(url, dbs.dir());
    }

    static Pharos start(String url, Path dir) {
        return Pharos.start(SettingsLoader.load(Map.of(), null, Map.of(
                "DATABASE_URL", url, "PHAROS_PORT", "0", "PHAROS_DATA_DIR", dir.toString(), "PHAROS_EMBEDDINGS", "none",
                "PHAROS_LIVE_TARGET_URL", url.startsWith("sqlite") ? "" : url)));
    }

    static void awaitServing(Pharos server, String url) throws InterruptedException {
        String jdbc = io.pharos.config.DatabaseUrl.parse(url).jdbcUrl();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!server.library().database().url().jdbcUrl().equals(jdbc)) {
            if (System.nanoTime() > end) throw new AssertionError("the server did not switch to " + url);
            Thread.sleep(20);
        }
    }

    /** {@code n} resources with chunks (a JSON Lines import), 5 collections with members, annotations. */
    static List<String> seed(Pharos server, Api api, int n, List<String> collections) throws Exception {
        return seed(server, api, n, collections, dbs.dir());
    }

    static List<String> seed(Pharos server, Api api, int n, List<String> collections, Path dir) throws Exception {
        Path file = Files.createTempFile(dir, "seed", ".jsonl");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            lines.append(Api.json(Map.of("title", "Seed " + i, "content", "Harbor log: first part of seed " + i + ".\n\nSecond part, about lighthouses " + i + ".")))
                    .append('\n');
        }
        Files.writeString(file, lines);
        server.library().jsonLinesImport().importFile(file, true, new io.pharos.bulk.ImportService.Listener() {
            @Override public void progress(io.pharos.bulk.ImportSummary soFar) {}
            @Override public void failed(io.pharos.bulk.LineError error) { throw new AssertionError(error.toString()); }
        });
        List<String> ids = new ArrayList<>();
        for (var node : api.get("/api/v1/resources?limit=100").json().get("items")) ids.add(node.get("id").asText());
        for (int i = 0; i < 5; i++) {
            String c = api.post("/api/v1/collections", "{\"name\":\"List " + i + "\"}").json().get("id").asText();
            collections.add(c);
            api.post("/api/v1/collections/" + c + "/resources", Api.json(Map.of("resource_ids", ids.subList(i * 10, i * 10 + 10))));
        }
        for (int i = 0; i < 20; i++) {
            api.post("/api/v1/resources/" + ids.get(i) + "/annotations", "{\"start_offset\":0,\"end_offset\":6,\"highlighted_text\":\"Harbor\"}");
        }
        return ids;
    }
}
