package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private Api api() {
        return server.api();
    }

    private JsonNode create(Map<String, Object> fields) {
        Api.Response r = api().post("/api/v1/resources", Api.json(fields));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    @Test
    void created_resource_reads_back_with_every_field() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", "Attention Is All You Need");
        fields.put("description", "Transformers");
        fields.put("content", "The dominant sequence transduction models… ünïcödé ✓");
        fields.put("creator", "Vaswani et al.");
        fields.put("publisher", "NeurIPS");
        fields.put("source", "https://arxiv.org/abs/1706.03762");
        fields.put("language", "en");
        fields.put("type", "paper");
        fields.put("subject", List.of("machine learning", "nlp"));
        fields.put("identifier", "arXiv:1706.03762");
        fields.put("doi", "10.48550/arXiv.1706.03762");
        fields.put("classification_code", "006.3");
        fields.put("quality_score", 0.95);
        fields.put("read_status", "in_progress");
        JsonNode created = create(fields);

        Api.Response read = api().get("/api/v1/resources/" + created.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        JsonNode r = read.json();
        fields.forEach((k, v) -> assertThat(r.get(k).toString()).as(k).isEqualTo(Api.json(v)));
        assertThat(r.get("version").asLong()).isEqualTo(1);
        assertThat(r.get("created_at").asText()).isEqualTo(r.get("updated_at").asText()).endsWith("Z");
        assertThat(read.header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void minimal_resource_gets_defaults() {
        JsonNode r = create(Map.of("title", "Just a title"));
        assertThat(r.get("read_status").asText()).isEqualTo("unread");
        assertThat(r.get("subject").isArray()).isTrue();
        assertThat(r.get("subject")).isEmpty();
        assertThat(r.get("quality_score").isNull()).isTrue();
    }

    @Test
    void patch_with_current_version_updates_and_bumps_version() {
        JsonNode r = create(Map.of("title", "Draft", "language", "en"));
        String id = r.get("id").asText();
        Api.Response patched = api().patch("/api/v1/resources/" + id, "{\"title\":\"Final\",\"language\":null}", "\"1\"");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("title").asText()).isEqualTo("Final");
        assertThat(patched.json().get("language").isNull()).isTrue();
        assertThat(patched.json().get("version").asLong()).isEqualTo(2);
        assertThat(patched.header("ETag")).isEqualTo("\"2\"");

        Api.Response viaBody = api().patch("/api/v1/resources/" + id, "{\"read_status\":\"completed\",\"version\":2}", null);
        assertThat(viaBody.status()).isEqualTo(200);
        assertThat(viaBody.json().get("read_status").asText()).isEqualTo("completed");
        assertThat(viaBody.json().get("created_at").asText()).isEqualTo(r.get("created_at").asText());
    }

    @Test
    void patch_with_stale_version_is_a_conflict_naming_the_current_version() {
        String id = create(Map.of("title", "Contended")).get("id").asText();
        assertThat(api().patch("/api/v1/resources/" + id, "{\"title\":\"A\"}", "\"1\"").status()).isEqualTo(200);

        Api.Response stale = api().patch("/api/v1/resources/" + id, "{\"title\":\"B\"}", "\"1\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.header("Content-Type")).startsWith("application/problem+json");
        assertThat(stale.json().get("current_version").asLong()).isEqualTo(2);
        assertThat(api().get("/api/v1/resources/" + id).json().get("title").asText()).isEqualTo("A");
    }

    @Test
    void patch_without_version_is_refused() {
        String id = create(Map.of("title", "No version")).get("id").asText();
        Api.Response r = api().patch("/api/v1/resources/" + id, "{\"title\":\"x\"}", null);
        assertThat(r.status()).isEqualTo(428);
        assertThat(r.json().get("field").asText()).isEqualTo("version");
    }

    @Test
    void delete_removes_the_resource() {
        String id = create(Map.of("title", "Ephemeral")).get("id").asText();
        assertThat(api().delete("/api/v1/resources/" + id).status()).isEqualTo(204);
        assertThat(api().get("/api/v1/resources/" + id).status()).isEqualTo(404);
        assertThat(api().delete("/api/v1/resources/" + id).status()).isEqualTo(404);
    }

    @Test
    void keyset_pages_cover_every_row_once_in_order() {
        String tag = "paging-" + System.nanoTime();
        for (int i = 0; i < 23; i++) {
            create(Map.of("title", String.format("P%02d", i), "type", tag, "quality_score", (i % 5) / 4.0));
        }
        for (String sort : List.of("created_at", "updated_at", "title", "quality_score")) {
            for (String order : List.of("asc", "desc")) {
                List<String> titles = new ArrayList<>();
                String cursor = null;
                int pages = 0;
                do {
                    String q = "/api/v1/resources?type=" + tag + "&limit=5&sort=" + sort + "&order=" + order
                            + (cursor == null ? "" : "&cursor=" + cursor);
                    JsonNode page = api().get(q).json();
                    page.get("items").forEach(item -> titles.add(item.get("title").asText()));
                    cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
                    pages++;
                } while (cursor != null);
                assertThat(titles).as(sort + " " + order).hasSize(23).doesNotHaveDuplicates();
                assertThat(pages).isEqualTo(5);
                if (sort.equals("title")) {
                    List<String> sorted = new ArrayList<>(titles);
                    sorted.sort(order.equals("asc") ? null : java.util.Comparator.reverseOrder());
                    assertThat(titles).isEqualTo(sorted);
                }
            }
        }
    }

    @Test
    void quality_sort_orders_by_score() {
        String tag = "quality-" + System.nanoTime();
        create(Map.of("title", "low", "type", tag, "quality_score", 0.1));
        create(Map.of("title", "none", "type", tag));
        create(Map.of("title", "high", "type", tag, "quality_score", 0.9));
        JsonNode items = api().get("/api/v1/resources?type=" + tag + "&sort=quality_score&order=desc").json().get("items");
        assertThat(items).extracting(n -> n.get("title").asText()).containsExactly("high", "low", "none");
    }

    @Test
    void filters_narrow_the_listing() {
        String tag = "filters-" + System.nanoTime();
        create(Map.of("title", "a", "type", tag, "language", "en", "subject", List.of("physics", "math"),
                "classification_code", "530", "quality_score", 0.8, "read_status", "completed"));
        create(Map.of("title", "b", "type", tag, "language", "de", "subject", List.of("math"),
                "classification_code", "510", "quality_score", 0.3));
        create(Map.of("title", "c", "type", tag, "language", "en", "subject", List.of("history")));

        assertThat(titles("type=" + tag + "&language=en")).containsExactlyInAnyOrder("a", "c");
        assertThat(titles("type=" + tag + "&subject=math")).containsExactlyInAnyOrder("a", "b");
        assertThat(titles("type=" + tag + "&subject=mat")).isEmpty();
        assertThat(titles("type=" + tag + "&classification_code=530")).containsExactly("a");
        assertThat(titles("type=" + tag + "&min_quality=0.5")).containsExactly("a");
        assertThat(titles("type=" + tag + "&read_status=unread")).containsExactlyInAnyOrder("b", "c");
        assertThat(titles("type=" + tag + "&created_after=2000-01-01")).hasSize(3);
        assertThat(titles("type=" + tag + "&created_before=2000-01-01T00:00:00Z")).isEmpty();
    }

    private Set<String> titles(String query) {
        Api.Response r = api().get("/api/v1/resources?limit=200&" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Set<String> out = new HashSet<>();
        r.json().get("items").forEach(n -> out.add(n.get("title").asText()));
        return out;
    }
}
