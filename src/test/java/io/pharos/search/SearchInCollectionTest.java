package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The collection filter narrows search to a collection's members, and never leaks another user's private one. */
class SearchInCollectionTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    static Api alice;
    static Api bob;
    static String privateCollection;
    static String inside;

    @BeforeAll
    static void library() {
        alice = TestUsers.create(server, "Alice", Role.USER).api();
        bob = TestUsers.create(server, "Bob", Role.USER).api();
        List<String> ids = new ArrayList<>();
        for (String title : List.of("Checkpoint tuning", "Checkpoint internals", "Checkpoint history")) {
            ids.add(alice.post("/api/v1/resources", Api.json(Map.of("title", title, "content", "All about the WAL checkpoint."))).json().get("id").asText());
        }
        inside = ids.get(1);
        privateCollection = alice.post("/api/v1/collections", "{\"name\":\"mine\"}").json().get("id").asText();
        assertThat(alice.post("/api/v1/collections/" + privateCollection + "/resources",
                Api.json(Map.of("resource_ids", List.of(inside)))).status()).isEqualTo(200);
    }

    private static List<String> ids(JsonNode results) {
        List<String> out = new ArrayList<>();
        results.get("results").forEach(r -> out.add(r.at("/resource/id").asText()));
        return out;
    }

    @Test
    void a_collection_filter_keeps_only_its_members() {
        var all = alice.get("/api/v1/search?mode=keyword&q=checkpoint");
        assertThat(ids(all.json())).hasSize(3);
        var filtered = alice.get("/api/v1/search?mode=keyword&q=checkpoint&collection=" + privateCollection);
        assertThat(filtered.status()).as(filtered.body()).isEqualTo(200);
        assertThat(ids(filtered.json())).containsExactly(inside);
        var posted = alice.post("/api/v1/search", "{\"q\":\"checkpoint\",\"collection\":\"" + privateCollection + "\"}");
        assertThat(ids(posted.json())).containsExactly(inside);
    }

    @Test
    void another_users_private_collection_is_not_found() {
        var r = bob.get("/api/v1/search?mode=keyword&q=checkpoint&collection=" + privateCollection);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void a_malformed_collection_id_names_the_parameter() {
        var r = alice.get("/api/v1/search?mode=keyword&q=checkpoint&collection=nope");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("collection");
    }
}
