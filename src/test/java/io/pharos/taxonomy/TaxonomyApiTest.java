package io.pharos.taxonomy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class TaxonomyApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private Api api() {
        return server.api();
    }

    private JsonNode node(String body) {
        Api.Response r = api().post("/api/v1/taxonomy", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private String resource(String title) {
        return api().post("/api/v1/resources", Api.json(Map.of("title", title, "type", "paper"))).json().get("id").asText();
    }

    @Test
    void nodes_get_slugs_paths_and_levels_and_moves_rewrite_the_subtree() {
        JsonNode science = node("{\"name\":\"Computer Science\",\"keywords\":[\"cs\"]}");
        assertThat(science.get("slug").asText()).isEqualTo("computer-science");
        assertThat(science.get("level").asInt()).isZero();
        assertThat(science.get("is_leaf").asBoolean()).isTrue();
        String sid = science.get("id").asText();
        JsonNode ml = node(Api.json(Map.of("name", "Machine Learning", "parent_id", sid)));
        String mid = ml.get("id").asText();
        JsonNode nlp = node(Api.json(Map.of("name", "NLP", "slug", "nlp", "parent_id", mid)));
        assertThat(nlp.get("path").asText()).isEqualTo("/" + sid + "/" + mid + "/" + nlp.get("id").asText() + "/");
        assertThat(nlp.get("level").asInt()).isEqualTo(2);
        assertThat(api().get("/api/v1/taxonomy/" + sid).json().get("is_leaf").asBoolean()).isFalse();

        // move ML (with NLP) to the top
        Api.Response moved = api().patch("/api/v1/taxonomy/" + mid, "{\"parent_id\":null}", null);
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(moved.json().get("level").asInt()).isZero();
        JsonNode nlpAfter = api().get("/api/v1/taxonomy/" + nlp.get("id").asText()).json();
        assertThat(nlpAfter.get("path").asText()).isEqualTo("/" + mid + "/" + nlp.get("id").asText() + "/");
        assertThat(nlpAfter.get("level").asInt()).isEqualTo(1);
        assertThat(api().get("/api/v1/taxonomy/" + sid).json().get("is_leaf").asBoolean()).isTrue();

        // into its own subtree: refused
        assertProblem(api().patch("/api/v1/taxonomy/" + mid, Api.json(Map.of("parent_id", nlp.get("id").asText())), null), 422, "parent_id");
        assertProblem(api().patch("/api/v1/taxonomy/" + mid, Api.json(Map.of("parent_id", mid)), null), 422, "parent_id");
    }

    @Test
    void counts_follow_links_moves_and_resource_deletes() {
        String root = node("{\"name\":\"Root counts\"}").get("id").asText();
        String child = node(Api.json(Map.of("name", "Child counts", "parent_id", root))).get("id").asText();
        String r1 = resource("one");
        String r2 = resource("two");
        assertThat(api().post("/api/v1/resources/" + r1 + "/taxonomy", Api.json(Map.of("taxonomy_id", child, "confidence", 0.9, "is_predicted", true))).status()).isEqualTo(201);
        assertThat(api().post("/api/v1/resources/" + r2 + "/taxonomy", Api.json(Map.of("taxonomy_id", child))).status()).isEqualTo(201);
        assertThat(api().post("/api/v1/resources/" + r1 + "/taxonomy", Api.json(Map.of("taxonomy_id", root))).status()).isEqualTo(201);
        JsonNode r = api().get("/api/v1/taxonomy/" + root).json();
        assertThat(r.get("resource_count").asLong()).isEqualTo(1);
        assertThat(r.get("descendant_resource_count").asLong()).isEqualTo(2);
        assertThat(api().get("/api/v1/taxonomy/" + root + "/resources?include_descendants=true").json().get("items")).hasSize(2);
        assertThat(api().get("/api/v1/taxonomy/" + root + "/resources").json().get("items")).hasSize(1);
        assertThat(api().get("/api/v1/resources/" + r1 + "/taxonomy").json().get("items")).hasSize(2);

        assertThat(api().delete("/api/v1/resources/" + r2).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/taxonomy/" + child).json().get("resource_count").asLong()).isEqualTo(1);
        assertThat(api().get("/api/v1/taxonomy/" + root).json().get("descendant_resource_count").asLong()).isEqualTo(1);

        assertThat(api().patch("/api/v1/taxonomy/" + child, "{\"parent_id\":null}", null).status()).isEqualTo(200);
        assertThat(api().get("/api/v1/taxonomy/" + root).json().get("descendant_resource_count").asLong()).isEqualTo(1);
        assertThat(api().delete("/api/v1/resources/" + r1 + "/taxonomy/" + root).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/taxonomy/" + root).json().get("descendant_resource_count").asLong()).isZero();
        assertProblem(api().delete("/api/v1/resources/" + r1 + "/taxonomy/" + root), 404, null);
    }

    @Test
    void deleting_a_node_with_children_needs_cascade() {
        String root = node("{\"name\":\"Doomed root\"}").get("id").asText();
        String child = node(Api.json(Map.of("name", "Doomed child", "parent_id", root))).get("id").asText();
        assertProblem(api().delete("/api/v1/taxonomy/" + root), 409, "cascade");
        assertProblem(api().delete("/api/v1/taxonomy/" + root + "?cascade=maybe"), 400, "cascade");
        assertThat(api().delete("/api/v1/taxonomy/" + root + "?cascade=true").status()).isEqualTo(204);
        assertProblem(api().get("/api/v1/taxonomy/" + child), 404, null);
    }

    @Test
    void errors_name_the_field() {
        node("{\"name\":\"Unique\",\"slug\":\"unique-slug\"}");
        assertProblem(api().post("/api/v1/taxonomy", "{\"name\":\"Other\",\"slug\":\"unique-slug\"}"), 409, "slug");
        assertProblem(api().post("/api/v1/taxonomy", "{\"name\":\"Bad slug\",\"slug\":\"Not A Slug\"}"), 422, "slug");
        assertProblem(api().post("/api/v1/taxonomy", "{\"name\":\"???\"}"), 422, "slug");
        assertProblem(api().post("/api/v1/taxonomy", "{}"), 422, "name");
        assertProblem(api().post("/api/v1/taxonomy", "{\"name\":\"Orphan\",\"parent_id\":\"3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10\"}"), 422, "parent_id");
        assertProblem(api().post("/api/v1/taxonomy", "{\"name\":\"K\",\"keywords\":\"ml\"}"), 422, "keywords");
        String closed = node("{\"name\":\"Closed\",\"allow_resources\":false}").get("id").asText();
        String r = resource("filed");
        assertProblem(api().post("/api/v1/resources/" + r + "/taxonomy", Api.json(Map.of("taxonomy_id", closed))), 422, "taxonomy_id");
        assertProblem(api().post("/api/v1/resources/" + r + "/taxonomy", "{}"), 422, "taxonomy_id");
        String open = node("{\"name\":\"Open\"}").get("id").asText();
        assertThat(api().post("/api/v1/resources/" + r + "/taxonomy", Api.json(Map.of("taxonomy_id", open))).status()).isEqualTo(201);
        assertProblem(api().post("/api/v1/resources/" + r + "/taxonomy", Api.json(Map.of("taxonomy_id", open))), 409, "taxonomy_id");
        assertProblem(api().post("/api/v1/resources/" + r + "/taxonomy", Api.json(Map.of("taxonomy_id", open, "confidence", -1))), 422, "confidence");
        assertProblem(api().patch("/api/v1/taxonomy/" + open, "{\"slug\":\"unique-slug\"}", null), 409, "slug");
        assertProblem(api().get("/api/v1/taxonomy/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10"), 404, null);
        assertProblem(api().get("/api/v1/taxonomy/zzz"), 400, "id");
    }
}
