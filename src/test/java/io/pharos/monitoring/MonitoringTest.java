package io.pharos.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pharos.common.Jsons;
import io.pharos.http.HttpServer;
import io.pharos.testing.Api;
import io.pharos.testing.LogCapture;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class MonitoringTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_SLOW_QUERY_MS", "50"));

    /** A recursive count that takes well over 50 ms on both databases, with a bound "secret". */
    static final String SLOW_SQL = """
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1500000)
            SELECT count(*) FROM c WHERE x > length(CAST(:secret AS TEXT))""";

    @Test
    void database_monitor_reports_type_version_and_every_pool() {
        var r = server.api().get("/monitoring/database");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode m = r.json();
        assertThat(m.get("type").asText()).isEqualTo(TestDatabase.kind());
        assertThat(m.get("server_version").asText()).startsWith(TestDatabase.isPostgres() ? "PostgreSQL" : "SQLite");
        JsonNode pools = m.get("pools");
        assertThat(pools).hasSize(TestDatabase.isPostgres() ? 1 : 2);
        for (JsonNode p : pools) {
            assertThat(p.get("name").asText()).startsWith("pharos-");
            assertThat(p.get("max").asInt()).isPositive();
            assertThat(p.get("size").asInt()).isBetween(0, p.get("max").asInt());
            assertThat(p.get("in_use").asInt()).isBetween(0, p.get("max").asInt());
            assertThat(p.get("idle").asInt()).isBetween(0, p.get("max").asInt());
            assertThat(p.get("threads_waiting").asInt()).isZero();
            assertThat(p.get("total_created").asLong()).isPositive();
            assertThat(p.get("connection_timeouts").asLong()).isZero();
            assertThat(p.has("long_waits")).isTrue();
        }
        assertThat(pools.findValuesAsText("role")).containsExactlyInAnyOrderElementsOf(
                TestDatabase.isPostgres() ? List.of("read_write") : List.of("writer", "reader"));
        assertThat(m.at("/slow_queries/threshold_ms").asLong()).isEqualTo(50);
        assertThat(m.at("/slow_queries/since_start").isNumber()).isTrue();
    }

    @Test
    void a_slow_statement_is_logged_with_its_text_and_caller_but_never_its_parameters() {
        long before = server.api().get("/monitoring/database").json().at("/slow_queries/since_start").asLong();
        String secret = "s3cr3t-" + UUID.randomUUID();
        String log;
        try (LogCapture capture = new LogCapture()) {
            long n = server.pharos().library().database().read(h -> h.createQuery(SLOW_SQL).bind("secret", secret).mapTo(Long.class).one());
            assertThat(n).isPositive();
            log = capture.text();
        }
        assertThat(log).contains("slow query:", "WITH RECURSIVE c(x) AS", ":secret",
                "MonitoringTest.a_slow_statement_is_logged_with_its_text_and_caller_but_never_its_parameters");
        assertThat(log).doesNotContain(secret).doesNotContain("s3cr3t");
        assertThat(server.api().get("/monitoring/database").json().at("/slow_queries/since_start").asLong()).isGreaterThan(before);
    }

    @Test
    void fast_statements_are_not_logged() {
        try (LogCapture capture = new LogCapture()) {
            server.api().get("/api/v1/resources?limit=5");
            assertThat(capture.text()).doesNotContain("slow query");
        }
    }

    @Test
    void metrics_expose_http_timers_by_route_and_status_pool_and_jvm_series() {
        server.api().get("/api/v1/resources/" + UUID.randomUUID());
        server.api().get("/api/v1/resources?limit=1");
        var r = server.api().get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/plain");
        String m = r.body();
        assertThat(m).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/resources/{id}\",status=\"404\"}");
        assertThat(m).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/resources\",status=\"200\"}");
        String pool = TestDatabase.isPostgres() ? "pharos-postgresql" : "pharos-sqlite-reader";
        assertThat(m).contains("hikaricp_connections_active{pool=\"" + pool + "\"}", "hikaricp_connections_max{pool=\"" + pool + "\"}",
                "hikaricp_connections_pending{pool=\"" + pool + "\"}", "hikaricp_connections_timeout_total{pool=\"" + pool + "\"}");
        assertThat(m).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds");
        assertThat(m).doesNotContainPattern("route=\"/api/v1/resources/[0-9a-f]{8}-");
    }

    @Test
    void searches_are_timed_by_mode_in_pharos_search_latency_seconds() {
        assertThat(server.api().get("/api/v1/search?mode=keyword&q=lighthouse").status()).isEqualTo(200);
        assertThat(server.api().post("/search", "{\"q\":\"lighthouse\"}").status()).isEqualTo(200);
        assertThat(server.api().get("/metrics").body())
                .containsPattern("pharos_search_latency_seconds_count\\{mode=\"keyword\",?\\} [1-9]")
                .containsPattern("pharos_search_latency_seconds_max\\{mode=\"keyword\",?\\} [0-9.eE-]+");
    }

    @Test
    void unmatched_paths_share_one_label() {
        server.api().get("/no/such/" + UUID.randomUUID());
        assertThat(server.api().get("/metrics").body()).contains("route=\"unmatched\",status=\"404\"").doesNotContain("/no/such/");
    }

    @Test
    void a_refusing_admin_check_answers_403_problem_details() {
        var monitor = new DatabaseMonitor(server.pharos().library().database(), () -> "test",
                new PoolMonitor(new SimpleMeterRegistry(), Duration.ofSeconds(1), Duration.ofMinutes(1)), new SlowQueryLog(Duration.ofSeconds(1)));
        Javalin app = HttpServer.create(Jsons.mapper(), List.of(new MonitoringRoutes(monitor, ctx -> false)::register));
        app.start("127.0.0.1", 0);
        try {
            var r = new Api(app.port()).get("/monitoring/database");
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("status").asInt()).isEqualTo(403);
            assertThat(r.body()).doesNotContain("pools");
        } finally {
            app.stop();
        }
    }
}
