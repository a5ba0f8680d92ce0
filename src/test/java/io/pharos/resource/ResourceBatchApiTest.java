package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class ResourceBatchApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final String PATH = "/api/v1/resources:batch";

    @Test
    void a_batch_creates_the_good_items_and_reports_the_bad_ones_by_index() {
        String id = UUID.randomUUID().toString();
        String body = Api.json(List.of(
                Map.of("title", "first", "type", "batch"),
                Map.of("description", "no title"),
                Map.of("id", id, "title", "with id", "type", "batch"),
                Map.of("title", "bad score", "quality_score", 3)));
        Api.Response r = server.api().post(PATH, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("imported").asLong()).isEqualTo(2);
        assertThat(j.get("failed").asLong()).isEqualTo(2);
        assertThat(j.get("items").get(1).get("status").asText()).isEqualTo("failed");
        assertThat(j.get("items").get(1).get("field").asText()).isEqualTo("title");
        assertThat(j.get("items").get(3).get("field").asText()).isEqualTo("quality_score");
        assertThat(j.get("items").get(2).get("id").asText()).isEqualTo(id);
        assertThat(server.api().get("/api/v1/resources/" + id).json().get("title").asText()).isEqualTo("with id");

        // the same id again is skipped, not duplicated
        JsonNode again = server.api().post(PATH, Api.json(Map.of("resources", List.of(Map.of("id", id, "title", "again"))))).json();
        assertThat(again.get("skipped").asLong()).isEqualTo(1);
        assertThat(again.get("imported").asLong()).isZero();
        assertThat(server.api().get("/api/v1/resources/" + id).json().get("title").asText()).isEqualTo("with id");
    }

    @Test
    void on_error_stop_writes_nothing_after_the_first_bad_item() {
        Api.Response r = server.api().post(PATH, Api.json(Map.of("on_error", "stop", "resources", List.of(
                Map.of("title", "stop-before", "type", "stopper"), Map.of("title", ""), Map.of("title", "stop-after", "type", "stopper")))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("stopped").asBoolean()).isTrue();
        assertThat(r.json().get("imported").asLong()).isEqualTo(1);
        assertThat(server.api().get("/api/v1/resources?type=stopper").json().get("items")).hasSize(1);
    }

    @Test
    void batch_errors_name_the_field() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) tooMany.add(Map.of("title", "t" + i));
        assertProblem(server.api().post(PATH, Api.json(tooMany)), 422, "resources");
        assertProblem(server.api().post(PATH, "[]"), 422, "resources");
        assertProblem(server.api().post(PATH, "{\"resources\":{}}"), 422, "resources");
        assertProblem(server.api().post(PATH, "{\"resources\":[],\"on_error\":\"explode\"}"), 422, "on_error");
        assertProblem(server.api().post(PATH, "{\"items\":[]}"), 422, "items");
        assertProblem(server.api().post(PATH, "nope"), 400, "body");
        JsonNode odd = server.api().post(PATH, "[1, {\"title\":\"ok\",\"id\":5}, {\"title\":\"ok\",\"id\":\"x\"}]").json();
        assertThat(odd.get("failed").asLong()).isEqualTo(3);
        assertThat(odd.get("items").get(1).get("field").asText()).isEqualTo("id");
    }

    @Test
    void a_thousand_items_in_one_call_are_accepted() {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) items.add(Map.of("title", "bulk " + i, "type", "thousand"));
        Api.Response r = server.api().post(PATH, Api.json(items));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("imported").asLong()).isEqualTo(1000);
    }
}
