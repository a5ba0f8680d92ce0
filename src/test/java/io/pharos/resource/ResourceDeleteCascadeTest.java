package io.pharos.resource;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Deleting a resource removes everything that hangs off it, in the same transaction (ON DELETE CASCADE). */
class ResourceDeleteCascadeTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final List<String> TABLES = List.of(
            "SELECT count(*) FROM collection_resources WHERE resource_id = :r",
            "SELECT count(*) FROM annotations WHERE resource_id = :r",
            "SELECT count(*) FROM resource_taxonomy WHERE resource_id = :r",
            "SELECT count(*) FROM citations WHERE source_resource_id = :r OR target_resource_id = :r",
            "SELECT count(*) FROM interactions WHERE resource_id = :r");

    private long rows(String sql, String resource) {
        return server.pharos().library().database().read(h -> h.createQuery(sql).bind("r", UUID.fromString(resource)).mapTo(Long.class).one());
    }

    @Test
    void deleting_a_resource_removes_memberships_annotations_links_citations_and_interactions() {
        Api api = server.api();
        String r = api.post("/api/v1/resources", "{\"title\":\"hub\",\"content\":\"hello world\"}").json().get("id").asText();
        String other = api.post("/api/v1/resources", "{\"title\":\"other\"}").json().get("id").asText();
        String collection = api.post("/api/v1/collections", "{\"name\":\"c\"}").json().get("id").asText();
        String node = api.post("/api/v1/taxonomy", "{\"name\":\"cascade node\"}").json().get("id").asText();
        assertThat(api.post("/api/v1/collections/" + collection + "/resources", Api.json(Map.of("resource_ids", List.of(r, other)))).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/resources/" + r + "/annotations", "{\"start_offset\":0,\"end_offset\":5,\"highlighted_text\":\"hello\"}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/resources/" + r + "/taxonomy", Api.json(Map.of("taxonomy_id", node))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/resources/" + r + "/citations", Api.json(Map.of("target_resource_id", other))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/resources/" + other + "/citations", Api.json(Map.of("target_resource_id", r))).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/resources/" + r + "/interactions", "{\"interaction_type\":\"view\"}").status()).isEqualTo(201);
        for (String sql : TABLES) assertThat(rows(sql, r)).as(sql).isPositive();

        assertThat(api.delete("/api/v1/resources/" + r).status()).isEqualTo(204);
        for (String sql : TABLES) assertThat(rows(sql, r)).as(sql).isZero();
        assertThat(api.get("/api/v1/taxonomy/" + node).json().get("resource_count").asLong()).isZero();
        assertThat(api.get("/api/v1/collections/" + collection + "/resources").json().get("items")).hasSize(1);
        assertThat(api.get("/api/v1/resources/" + other).status()).isEqualTo(200);
    }
}
