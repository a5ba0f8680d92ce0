package io.pharos.monitoring;

import io.pharos.config.DatabaseUrl;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL cancels a statement after statement_timeout (SQLSTATE 57014): the client gets a quick 503. */
@Tag("postgresql-only")
class StatementTimeoutTest {
    static final long STATEMENT_TIMEOUT_MS = 300;

    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_DB_STATEMENT_TIMEOUT_MS", Long.toString(STATEMENT_TIMEOUT_MS)));

    @Test
    void a_statement_timeout_answers_503_with_retry_after() throws Exception {
        String id = server.api().post("/api/v1/resources", "{\"title\":\"locked\"}").json().get("id").asText();
        DatabaseUrl url = DatabaseUrl.parse(server.database().url());
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT id FROM resources WHERE id = CAST(? AS uuid) FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            var r = server.api().patch("/api/v1/resources/" + id, "{\"title\":\"changed\"}", "\"1\"");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.header("Retry-After")).isEqualTo("1");
            assertThat(millis).isLessThan(STATEMENT_TIMEOUT_MS + 1500);
            c.rollback();
        }
        assertThat(server.api().patch("/api/v1/resources/" + id, "{\"title\":\"changed\"}", "\"1\"").status()).isEqualTo(200);
    }
}
