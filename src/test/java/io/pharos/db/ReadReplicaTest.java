package io.pharos.db;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.Pharos;
import io.pharos.config.DatabaseUrl;
import io.pharos.consistency.ReadYourWrites;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads from a real streaming replica of the test server ({@code TEST_REPLICA_URL}, scripts/pg-test-replica):
 * where reads and writes go, replicas that are down or lag, and read-your-writes across two instances over a
 * replica that applies WAL late on purpose ({@code recovery_min_apply_delay}).
 */
@Tag("postgresql-only")
class ReadReplicaTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void reads_go_to_the_replica_and_writes_to_the_primary() throws Exception {
        try (Pharos pharos = Pharos.start(testDb.settings(Map.of("PHAROS_DB_READ_URLS", testDb.replicaUrl())))) {
            Api api = new Api(pharos.port());
            awaitStates(api, "up");
            Api.Response created = api.post("/api/v1/resources", Api.json(Map.of("title", "Written on the primary")));
            assertThat(created.status()).isEqualTo(201);
            String lsn = created.header(ReadYourWrites.COMMIT_HEADER);
            assertThat(lsn).as("a write reports its commit position").matches("[0-9A-F]+/[0-9A-F]+");
            String id = created.json().get("id").asText();
            assertThat(countOnPrimary(id)).isEqualTo(1);

            ReadReplicas replicas = pharos.library().database().replicas().orElseThrow();
            TestServer.awaitReplicas(pharos);
            long before = replicas.replicaReads();
            for (int i = 0; i < 20; i++) {
                Api.Response read = api.send("GET", "/api/v1/resources/" + id, Map.of(ReadYourWrites.MIN_HEADER, lsn), null);
                assertThat(read.status()).isEqualTo(200);
                assertThat(read.json().get("title").asText()).isEqualTo("Written on the primary");
                assertThat(api.get("/api/v1/resources").status()).isEqualTo(200);
            }
            assertThat(replicas.replicaReads() - before).as("reads served by the replica").isGreaterThanOrEqualTo(40);

            String metrics = api.get("/metrics").body();
            assertThat(metrics).contains("pharos_db_reads_total{served_by=\"replica\"}", "pharos_db_reads_total{served_by=\"primary\"}",
                    "pharos_db_reads_replica_share", "pharos_db_replica_lag_seconds{replica=", "pharos_db_replica_up{replica=");
            JsonNode monitor = api.get("/monitoring/database").json().get("read_replicas");
            assertThat(monitor.get("replicas").get(0).get("state").asText()).isEqualTo("up");
            assertThat(monitor.get("reads_by_replicas").asLong()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void a_replica_that_is_down_is_skipped_and_reads_still_succeed() throws Exception {
        String closed = testDb.replicaUrl().replaceFirst(":\\d+/", ":" + closedPort() + "/").replaceFirst("//([^@]*)@", "//$1:secret@");
        try (Pharos pharos = Pharos.start(testDb.settings(Map.of("PHAROS_DB_READ_URLS", closed + "," + testDb.replicaUrl())))) {
            Api api = new Api(pharos.port());
            JsonNode section = awaitStates(api, "down", "up");
            JsonNode down = section.get("replicas").get(0);
            assertThat(down.get("url").asText()).doesNotContain("secret");
            assertThat(down.get("error").asText()).isNotBlank();

            String id = api.post("/api/v1/resources", Api.json(Map.of("title", "Still readable"))).json().get("id").asText();
            ReadReplicas replicas = pharos.library().database().replicas().orElseThrow();
            TestServer.awaitReplicas(pharos);
            long before = replicas.replicaReads();
            for (int i = 0; i < 30; i++) assertThat(api.get("/api/v1/resources/" + id).status()).isEqualTo(200);
            assertThat(replicas.replicaReads() - before).as("the live replica answered").isGreaterThanOrEqualTo(30);
            assertThat(replicas.statuses().get(0).reads()).as("the closed port answered nothing").isZero();
        }
        try (Pharos pharos = Pharos.start(testDb.settings(Map.of("PHAROS_DB_READ_URLS", closed)))) {
            Api api = new Api(pharos.port());
            awaitStates(api, "down");
            String id = api.post("/api/v1/resources", Api.json(Map.of("title", "Primary only"))).json().get("id").asText();
            for (int i = 0; i < 10; i++) assertThat(api.get("/api/v1/resources/" + id).status()).isEqualTo(200);
            assertThat(api.get("/health/ready").status()).as("a down replica does not make the instance unready").isEqualTo(200);
        }
    }

    @Test
    void a_replica_lagging_more_than_the_max_is_skipped_until_it_catches_up() throws Exception {
        try (Pharos pharos = Pharos.start(testDb.settings(Map.of("PHAROS_DB_READ_URLS", testDb.replicaUrl(), "PHAROS_DB_READ_MAX_LAG_MS", "400")))) {
            Api api = new Api(pharos.port());
            awaitStates(api, "up");
            ReadReplicas replicas = pharos.library().database().replicas().orElseThrow();
            try {
                applyDelay("1500ms");
                JsonNode lagging = writeUntil(api, s -> "lagging".equals(state(s, 0)));
                assertThat(lagging.get("replicas").get(0).get("lag_ms").asLong()).isGreaterThan(400);
                long before = replicas.replicaReads();
                String id = api.post("/api/v1/resources", Api.json(Map.of("title", "Read while lagging"))).json().get("id").asText();
                for (int i = 0; i < 10; i++) {
                    assertThat(api.send("GET", "/api/v1/resources/" + id, Map.of(), null).status()).isEqualTo(200);
                    assertThat(api.get("/api/v1/resources?limit=5").status()).isEqualTo(200);
                }
                assertThat(replicas.replicaReads()).as("a lagging replica answers nothing").isEqualTo(before);
            } finally {
                applyDelay(null);
            }
            JsonNode recovered = awaitStates(api, "up");
            assertThat(recovered.get("replicas").get(0).get("lag_ms").asLong()).isLessThanOrEqualTo(400);
        }
    }

    @Test
    void write_then_read_on_another_instance_is_never_stale() throws Exception {
        var settings = testDb.settings(Map.of("PHAROS_DB_READ_URLS", testDb.replicaUrl()));
        try (Pharos a = Pharos.start(settings); Pharos b = Pharos.start(settings)) {
            Api onA = new Api(a.port()), onB = new Api(b.port());
            awaitStates(onA, "up");
            awaitStates(onB, "up");
            Api.Response created = onA.post("/api/v1/resources", Api.json(Map.of("title", "v0")));
            String path = "/api/v1/resources/" + created.json().get("id").asText();
            String etag = created.header("ETag");
            ReadReplicas replicasOfB = b.library().database().replicas().orElseThrow();
            TestServer.awaitReplicas(a);
            try {
                applyDelay("500ms");
                // without the header, B has nothing to go by: the delayed replica answers with the old title
                Api.Response patched = onA.patch(path, Api.json(Map.of("title", "unseen")), etag);
                etag = patched.header("ETag");
                assertThat(onB.get(path).json().get("title").asText()).as("the replica really is behind").isEqualTo("v0");
                // on the instance that took the write, its memory of the caller's last write is enough
                for (int i = 0; i < 50; i++) {
                    patched = onA.patch(path, Api.json(Map.of("title", "same-instance " + i)), etag);
                    etag = patched.header("ETag");
                    assertThat(onA.get(path).json().get("title").asText()).isEqualTo("same-instance " + i);
                }

                int stale = 0, pairs = 1000;
                long replicaBefore = replicasOfB.replicaReads();
                List<String> staleSeen = new ArrayList<>();
                for (int i = 1; i <= pairs; i++) {
                    patched = onA.patch(path, Api.json(Map.of("title", "v" + i)), etag);
                    assertThat(patched.status()).isEqualTo(200);
                    etag = patched.header("ETag");
                    String lsn = patched.header(ReadYourWrites.COMMIT_HEADER);
                    if (i % 200 == 0) Thread.sleep(700);   // now and then the replica has caught up and may answer
                    Api.Response read = onB.send("GET", path, Map.of(ReadYourWrites.MIN_HEADER, lsn), null);
                    String title = read.json().get("title").asText();
                    if (!title.equals("v" + i)) {
                        stale++;
                        if (staleSeen.size() < 5) staleSeen.add("pair " + i + " read '" + title + "'");
                    }
                }
                assertThat(stale).as("stale reads of %d pairs: %s", pairs, staleSeen).isZero();
                assertThat(replicasOfB.replicaReads() - replicaBefore).as("reads B's replica served after catching up").isPositive();
            } finally {
                applyDelay(null);
            }
        }
    }

    @Test
    void a_shared_cache_is_never_filled_from_a_lagging_replica() throws Exception {
        var settings = testDb.settings(Map.of("PHAROS_DB_READ_URLS", testDb.replicaUrl(), "PHAROS_REDIS_URL", TestDatabase.redisUrl()));
        try (Pharos a = Pharos.start(settings); Pharos b = Pharos.start(settings)) {
            Api onA = new Api(a.port()), onB = new Api(b.port());
            awaitStates(onA, "up");
            awaitStates(onB, "up");
            Api.Response created = onA.post("/api/v1/resources", Api.json(Map.of("title", "v0")));
            String path = "/api/v1/resources/" + created.json().get("id").asText();
            String etag = created.header("ETag");
            TestServer.awaitReplicas(a);
            try {
                applyDelay("500ms");
                for (int i = 1; i <= 20; i++) {
                    Api.Response patched = onA.patch(path, Api.json(Map.of("title", "v" + i)), etag);
                    etag = patched.header("ETag");
                    // another client without a position misses the cache first: its answer is kept for everyone
                    assertThat(onB.get(path).json().get("title").asText()).as("the fill, round " + i).isEqualTo("v" + i);
                    Api.Response writer = onB.send("GET", path, Map.of(ReadYourWrites.MIN_HEADER, patched.header(ReadYourWrites.COMMIT_HEADER)), null);
                    assertThat(writer.json().get("title").asText()).as("the writer's read, round " + i).isEqualTo("v" + i);
                }
                assertThat(b.library().sharedCache().hits()).as("the writer's reads were answered by the cache").isPositive();
            } finally {
                applyDelay(null);
            }
        }
    }

    /** Writes a resource every 50 ms until the read-replica section satisfies {@code done} (at most 20 s); returns that section. */
    private static JsonNode writeUntil(Api api, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode section = null;
        while (System.nanoTime() < deadline) {
            assertThat(api.post("/api/v1/resources", Api.json(Map.of("title", "load"))).status()).isEqualTo(201);
            section = api.get("/health/ready").json().get("read_replicas");
            if (done.test(section)) return section;
            Thread.sleep(50);
        }
        throw new AssertionError("the replicas never got there: " + section);
    }

    /** Waits (at most 20 s) until the replicas, in order, are in {@code states}; returns the health section. */
    private static JsonNode awaitStates(Api api, String... states) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode section = null;
        while (System.nanoTime() < deadline) {
            section = api.get("/health/ready").json().get("read_replicas");
            boolean all = section != null;
            for (int i = 0; all && i < states.length; i++) all = states[i].equals(state(section, i));
            if (all) return section;
            Thread.sleep(50);
        }
        throw new AssertionError("replicas never reached " + List.of(states) + ": " + section);
    }

    private static String state(JsonNode section, int i) {
        JsonNode r = section.get("replicas").get(i);
        return r == null ? null : r.get("state").asText();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long countOnPrimary(String id) throws SQLException {
        var url = DatabaseUrl.parse(testDb.url());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM resources WHERE id = '" + java.util.UUID.fromString(id) + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Sets (or, with null, resets) {@code recovery_min_apply_delay} on the test replica and reloads it. */
    private static void applyDelay(String delay) throws SQLException {
        var url = DatabaseUrl.parse(System.getenv("TEST_REPLICA_URL"));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); Statement s = c.createStatement()) {
            s.execute(delay == null ? "ALTER SYSTEM RESET recovery_min_apply_delay" : "ALTER SYSTEM SET recovery_min_apply_delay = '" + delay + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }
}
