package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code publisher} filter, added to {@link ResourceFilter} alone, works on every endpoint that takes
 * the resource filters: the resource list, a collection's and a taxonomy node's contents, and search.
 */
class ResourcePublisherFilterTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    static String oreilly;
    static String manning;
    static String collection;
    static String node;

    @BeforeAll
    static void library() {
        Api api = server.api();
        oreilly = create(api, "Lighthouse keeping", "O'Reilly");
        manning = create(api, "Lighthouse lenses", "Manning");
        create(api, "Lighthouse history", null);
        collection = api.post("/api/v1/collections", "{\"name\":\"lights\"}").json().get("id").asText();
        node = api.post("/api/v1/taxonomy", "{\"name\":\"Lights\"}").json().get("id").asText();
        for (String id : List.of(oreilly, manning)) {
            assertThat(api.post("/api/v1/collections/" + collection + "/resources", Api.json(Map.of("resource_ids", List.of(id)))).status()).isEqualTo(200);
            assertThat(api.post("/api/v1/resources/" + id + "/taxonomy", Api.json(Map.of("taxonomy_id", node))).status()).isEqualTo(201);
        }
    }

    private static String create(Api api, String title, String publisher) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("title", title, "content", "How a lighthouse works."));
        if (publisher != null) body.put("publisher", publisher);
        Api.Response r = api.post("/api/v1/resources", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static List<String> ids(Api.Response r, String array, String idPointer) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode item : r.json().get(array)) out.add(item.at(idPointer).asText());
        return out;
    }

    private static String publisher(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void the_resource_list_filters_by_publisher() {
        assertThat(ids(server.api().get("/api/v1/resources?publisher=" + publisher("O'Reilly")), "items", "/id")).containsExactly(oreilly);
        assertThat(ids(server.api().get("/api/v1/resources?publisher=Manning"), "items", "/id")).containsExactly(manning);
        assertThat(ids(server.api().get("/api/v1/resources?publisher=Nobody"), "items", "/id")).isEmpty();
    }

    @Test
    void collection_contents_filter_by_publisher() {
        String path = "/api/v1/collections/" + collection + "/resources";
        assertThat(ids(server.api().get(path), "items", "/id")).containsExactlyInAnyOrder(oreilly, manning);
        assertThat(ids(server.api().get(path + "?publisher=Manning"), "items", "/id")).containsExactly(manning);
    }

    @Test
    void taxonomy_contents_filter_by_publisher() {
        String path = "/api/v1/taxonomy/" + node + "/resources";
        assertThat(ids(server.api().get(path), "items", "/id")).containsExactlyInAnyOrder(oreilly, manning);
        assertThat(ids(server.api().get(path + "?publisher=" + publisher("O'Reilly")), "items", "/id")).containsExactly(oreilly);
        assertThat(ids(server.api().get(path + "?include_descendants=true&publisher=Manning"), "items", "/id")).containsExactly(manning);
    }

    @Test
    void search_filters_by_publisher_from_the_query_and_the_body() {
        assertThat(ids(server.api().get("/api/v1/search?mode=keyword&q=lighthouse"), "results", "/resource/id")).hasSize(3);
        assertThat(ids(server.api().get("/api/v1/search?mode=keyword&q=lighthouse&publisher=Manning"), "results", "/resource/id"))
                .containsExactly(manning);
        assertThat(ids(server.api().post("/api/v1/search", "{\"q\":\"lighthouse\",\"publisher\":\"O'Reilly\"}"), "results", "/resource/id"))
                .containsExactly(oreilly);
        assertThat(ids(server.api().post("/api/v1/search", Api.json(Map.of("q", "lighthouse", "publisher", "Manning",
                "collection", collection))), "results", "/resource/id")).containsExactly(manning);
    }
}
