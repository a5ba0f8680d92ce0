package io.pharos.citation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class CitationApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private Api api() {
        return server.api();
    }

    private String resource(String title) {
        return api().post("/api/v1/resources", Api.json(Map.of("title", title))).json().get("id").asText();
    }

    private Api.Response cite(String from, String to, String type) {
        return api().post("/api/v1/resources/" + from + "/citations", Api.json(Map.of("target_resource_id", to, "citation_type", type)));
    }

    private static List<String> ids(JsonNode nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void the_graph_returns_the_neighbourhood_up_to_the_depth_asked() {
        // chain a -> b -> c -> d -> e, plus a cycle d -> a and an unrelated x
        List<String> r = new ArrayList<>();
        for (String t : List.of("a", "b", "c", "d", "e")) r.add(resource(t));
        String x = resource("x");
        for (int i = 0; i < 4; i++) assertThat(cite(r.get(i), r.get(i + 1), "cites").status()).isEqualTo(201);
        assertThat(cite(r.get(3), r.get(0), "related").status()).isEqualTo(201);

        JsonNode one = api().get("/api/v1/resources/" + r.get(1) + "/graph").json();
        assertThat(one.get("depth").asInt()).isEqualTo(1);
        assertThat(ids(one.get("nodes"))).containsExactlyInAnyOrder(r.get(0), r.get(1), r.get(2));
        assertThat(one.get("edges")).hasSize(2);

        JsonNode two = api().get("/api/v1/resources/" + r.get(1) + "/graph?depth=2").json();
        assertThat(ids(two.get("nodes"))).containsExactlyInAnyOrder(r.get(0), r.get(1), r.get(2), r.get(3)).doesNotContain(x);
        JsonNode three = api().get("/api/v1/resources/" + r.get(0) + "/graph?depth=3").json();
        assertThat(ids(three.get("nodes"))).containsExactlyInAnyOrderElementsOf(r.subList(0, 5));
        three.get("nodes").forEach(n -> {
            if (n.get("id").asText().equals(r.get(3))) assertThat(n.get("distance").asInt()).isEqualTo(1);
            if (n.get("id").asText().equals(r.get(4))) assertThat(n.get("distance").asInt()).isEqualTo(2);
        });
        assertThat(three.get("edges")).hasSize(5);
    }

    @Test
    void graph_errors() {
        String a = resource("lonely");
        assertThat(api().get("/api/v1/resources/" + a + "/graph").json().get("nodes")).hasSize(1);
        assertProblem(api().get("/api/v1/resources/" + a + "/graph?depth=4"), 400, "depth");
        assertProblem(api().get("/api/v1/resources/" + a + "/graph?depth=0"), 400, "depth");
        assertProblem(api().get("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10/graph"), 404, null);
    }

    @Test
    void citation_errors_name_the_field_and_duplicates_conflict() {
        String a = resource("a");
        String b = resource("b");
        assertThat(cite(a, b, "cites").status()).isEqualTo(201);
        assertProblem(cite(a, b, "cites"), 409, "target_resource_id");
        assertThat(cite(a, b, "related").status()).isEqualTo(201);
        assertProblem(cite(a, a, "cites"), 422, "target_resource_id");
        assertProblem(cite(a, b, "mentions"), 422, "citation_type");
        assertProblem(cite(a, "3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10", "cites"), 422, "target_resource_id");
        assertProblem(cite("3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10", b, "cites"), 404, null);
        assertProblem(api().post("/api/v1/resources/" + a + "/citations", "{}"), 422, "target_resource_id");
        assertProblem(api().post("/api/v1/resources/" + a + "/citations",
                Api.json(Map.of("target_resource_id", b, "confidence", 2))), 422, "confidence");

        JsonNode links = api().get("/api/v1/resources/" + b + "/citations").json();
        assertThat(links.get("incoming")).hasSize(2);
        assertThat(links.get("outgoing")).isEmpty();
        String id = links.get("incoming").get(0).get("id").asText();
        assertThat(api().delete("/api/v1/citations/" + id).status()).isEqualTo(204);
        assertProblem(api().delete("/api/v1/citations/" + id), 404, null);
    }

    @Test
    void deleting_a_resource_removes_its_citations_both_ways() {
        String a = resource("a");
        String b = resource("b");
        String c = resource("c");
        cite(a, b, "cites");
        cite(c, b, "cites");
        assertThat(api().delete("/api/v1/resources/" + b).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/resources/" + a + "/citations").json().get("outgoing")).isEmpty();
        assertThat(api().get("/api/v1/resources/" + c + "/citations").json().get("outgoing")).isEmpty();
    }
}
