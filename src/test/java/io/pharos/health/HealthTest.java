package io.pharos.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class HealthTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void liveness_is_up() {
        assertThat(server.api().get("/health").json().get("status").asText()).isEqualTo("up");
    }

    @Test
    void readiness_reports_database_schema_and_capabilities() {
        var r = server.api().get("/health/ready");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode ready = r.json();
        assertThat(ready.get("status").asText()).isEqualTo("ready");
        assertThat(ready.at("/database/dialect").asText()).isEqualTo(TestDatabase.kind());
        assertThat(ready.at("/database/server_version").asText()).startsWith(TestDatabase.isPostgres() ? "PostgreSQL" : "SQLite");
        assertThat(ready.at("/schema/version").asText())
                .isEqualTo(new io.pharos.db.SchemaMigrator(server.pharos().library().database()).status().latestVersion());
        assertThat(ready.at("/schema/current").asBoolean()).isTrue();
        if (TestDatabase.isPostgres()) {
            assertThat(ready.at("/capabilities/pgvector").asBoolean()).isTrue();
            assertThat(ready.at("/capabilities/pg_trgm").asBoolean()).isTrue();
        } else {
            assertThat(ready.at("/capabilities/fts5").asBoolean()).isTrue();
            assertThat(ready.at("/capabilities/fts5_trigram").asBoolean()).isTrue();
        }
    }

    @Test
    void readiness_fails_when_the_schema_falls_behind() {
        server.pharos().library().database().write(h -> h.execute("DELETE FROM databasechangelog WHERE id = 'tag-v001'"));
        try {
            var r = server.api().get("/health/ready");
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().at("/schema/current").asBoolean()).isFalse();
        } finally {
            server.pharos().library().database().write(h -> h.execute(
                    "INSERT INTO databasechangelog (id, author, filename, dateexecuted, orderexecuted, exectype, tag) "
                            + "VALUES ('tag-v001', 'pharos', 'db/changelog/master.xml', CURRENT_TIMESTAMP, 99, 'EXECUTED', 'v001')"));
        }
    }
}
