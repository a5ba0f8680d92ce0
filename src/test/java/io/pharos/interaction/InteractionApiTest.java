package io.pharos.interaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class InteractionApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void the_resource_read_carries_views_and_the_average_rating() {
        Api a = TestUsers.create(server, "Reader A", Role.USER).api();
        Api b = TestUsers.create(server, "Reader B", Role.USER).api();
        String r = a.post("/api/v1/resources", "{\"title\":\"popular\"}").json().get("id").asText();
        String path = "/api/v1/resources/" + r + "/interactions";
        JsonNode before = a.get("/api/v1/resources/" + r).json().get("interactions");
        assertThat(before.get("views").asLong()).isZero();
        assertThat(before.get("average_rating").isNull()).isTrue();

        assertThat(a.post(path, "{\"interaction_type\":\"view\",\"duration_seconds\":30,\"metadata\":{\"client\":\"web\"}}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"view\"}").status()).isEqualTo(201);
        assertThat(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":4}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"rate\",\"rating\":5}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"bookmark\"}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"download\"}").status()).isEqualTo(201);

        JsonNode stats = a.get("/api/v1/resources/" + r).json().get("interactions");
        assertThat(stats.get("views").asLong()).isEqualTo(2);
        assertThat(stats.get("bookmarks").asLong()).isEqualTo(1);
        assertThat(stats.get("downloads").asLong()).isEqualTo(1);
        assertThat(stats.get("ratings").asLong()).isEqualTo(2);
        assertThat(stats.get("average_rating").asDouble()).isEqualTo(4.5);

        assertThat(a.delete("/api/v1/resources/" + r).status()).isEqualTo(204);
        long left = server.pharos().library().database().read(h -> h.createQuery("SELECT count(*) FROM interactions").mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void invalid_interactions_name_the_field() {
        Api a = server.api().withKey(TestUsers.create(server, "Checker", Role.USER).key());
        String r = a.post("/api/v1/resources", "{\"title\":\"target\"}").json().get("id").asText();
        String path = "/api/v1/resources/" + r + "/interactions";
        assertProblem(a.post(path, "{}"), 422, "interaction_type");
        assertProblem(a.post(path, "{\"interaction_type\":\"like\"}"), 422, "interaction_type");
        assertProblem(a.post(path, "{\"interaction_type\":\"rate\"}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":6}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":2.5}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"rating\":3}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"duration_seconds\":-1}"), 422, "duration_seconds");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"metadata\":[1]}"), 422, "metadata");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"metadata\":{\"k\":\"a\\u0000b\"}}"), 422, "metadata");
        assertProblem(a.post("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10/interactions", "{\"interaction_type\":\"view\"}"), 404, null);
        assertProblem(a.post(path, Api.json(Map.of("interaction_type", "view", "metadata", Map.of("big", "x".repeat(10_001))))), 422, "metadata");
    }
}
