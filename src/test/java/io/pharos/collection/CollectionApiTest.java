package io.pharos.collection;

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

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

public class CollectionApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static Api alice;
    static Api bob;

    @BeforeAll
    static void users() {
        alice = TestUsers.create(server, "Alice", Role.USER).api();
        bob = TestUsers.create(server, "Bob", Role.ADMIN).api();
    }

    public static String collection(Api as, String body) {
        Api.Response r = as.post("/api/v1/collections", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    public static String resource(Api as, String title, String type) {
        Api.Response r = as.post("/api/v1/resources", Api.json(Map.of("title", title, "type", type)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void created_collection_reads_back_and_updates() {
        String id = collection(alice, "{\"name\":\"Reading list\",\"description\":\"to read\"}");
        JsonNode c = alice.get("/api/v1/collections/" + id).json();
        assertThat(c.get("name").asText()).isEqualTo("Reading list");
        assertThat(c.get("visibility").asText()).isEqualTo("private");
        assertThat(c.get("parent_id").isNull()).isTrue();
        Api.Response patched = alice.patch("/api/v1/collections/" + id, "{\"name\":\"Renamed\",\"visibility\":\"shared\",\"description\":null}", null);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("Renamed");
        assertThat(patched.json().get("description").isNull()).isTrue();
        assertThat(patched.json().get("visibility").asText()).isEqualTo("shared");
    }

    @Test
    void invalid_fields_are_named() {
        assertProblem(alice.post("/api/v1/collections", "{}"), 422, "name");
        assertProblem(alice.post("/api/v1/collections", Api.json(Map.of("name", "x".repeat(256)))), 422, "name");
        assertProblem(alice.post("/api/v1/collections", Api.json(Map.of("name", "x", "description", "d".repeat(2001)))), 422, "description");
        assertProblem(alice.post("/api/v1/collections", "{\"name\":\"x\",\"visibility\":\"secret\"}"), 422, "visibility");
        assertProblem(alice.post("/api/v1/collections", "{\"name\":\"x\",\"parent_id\":\"nope\"}"), 422, "parent_id");
        assertProblem(alice.post("/api/v1/collections", "{\"name\":\"x\",\"owner\":\"me\"}"), 422, "owner");
        assertProblem(alice.post("/api/v1/collections", "{\"name\":\"x\\u0000\"}"), 422, "name");
        assertProblem(alice.post("/api/v1/collections", "not json"), 400, "body");
        assertProblem(alice.get("/api/v1/collections/not-a-uuid"), 400, "id");
        assertProblem(alice.get("/api/v1/collections?scope=all"), 400, "scope");
        assertProblem(alice.get("/api/v1/collections?cursor=zzz"), 400, "cursor");
        String farFuture = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                (Long.MAX_VALUE + ":3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertProblem(alice.get("/api/v1/collections?cursor=" + farFuture), 400, "cursor");
        String id = collection(alice, "{\"name\":\"valid\"}");
        assertProblem(alice.patch("/api/v1/collections/" + id, "{\"name\":\"\"}", null), 422, "name");
        assertProblem(alice.patch("/api/v1/collections/" + id, "{\"visibility\":null}", null), 422, "visibility");
    }

    @Test
    void a_private_collection_is_not_found_for_anyone_else_even_an_admin() {
        String id = collection(alice, "{\"name\":\"Diary\"}");
        String r = resource(alice, "secret paper", "paper");
        assertThat(alice.post("/api/v1/collections/" + id + "/resources", Api.json(Map.of("resource_ids", List.of(r)))).status()).isEqualTo(200);
        String path = "/api/v1/collections/" + id;
        assertProblem(bob.get(path), 404, null);
        assertProblem(bob.patch(path, "{\"name\":\"mine now\"}", null), 404, null);
        assertProblem(bob.delete(path), 404, null);
        assertProblem(bob.get(path + "/resources"), 404, null);
        assertProblem(bob.post(path + "/resources", Api.json(Map.of("resource_ids", List.of(r)))), 404, null);
        assertProblem(bob.delete(path + "/resources/" + r), 404, null);
        assertProblem(bob.post("/api/v1/collections", Api.json(Map.of("name", "sub", "parent_id", id))), 422, "parent_id");
        assertThat(bob.get("/api/v1/collections").body()).doesNotContain(id);
        assertThat(alice.get("/api/v1/collections").body()).contains(id);
    }

    @Test
    void shared_and_public_collections_are_readable_but_only_the_owner_changes_them() {
        String shared = collection(alice, "{\"name\":\"Team\",\"visibility\":\"shared\"}");
        String open = collection(alice, "{\"name\":\"World\",\"visibility\":\"public\"}");
        for (String id : List.of(shared, open)) {
            assertThat(bob.get("/api/v1/collections/" + id).status()).isEqualTo(200);
            assertThat(bob.get("/api/v1/collections/" + id + "/resources").status()).isEqualTo(200);
            assertProblem(bob.patch("/api/v1/collections/" + id, "{\"name\":\"hijack\"}", null), 403, null);
            assertProblem(bob.delete("/api/v1/collections/" + id), 403, null);
        }
        String visible = bob.get("/api/v1/collections?limit=200").body();
        assertThat(visible).contains(shared, open);
        assertThat(bob.get("/api/v1/collections?scope=mine").body()).doesNotContain(shared);
    }

    @Test
    void nesting_refuses_cycles_and_deleting_a_parent_with_children_is_a_conflict() {
        String a = collection(alice, "{\"name\":\"A\"}");
        String b = collection(alice, Api.json(Map.of("name", "B", "parent_id", a)));
        String c = collection(alice, Api.json(Map.of("name", "C", "parent_id", b)));
        assertProblem(alice.patch("/api/v1/collections/" + a, Api.json(Map.of("parent_id", c)), null), 422, "parent_id");
        assertProblem(alice.patch("/api/v1/collections/" + a, Api.json(Map.of("parent_id", a)), null), 422, "parent_id");
        assertThat(alice.get("/api/v1/collections?parent_id=" + a).json().get("items").get(0).get("id").asText()).isEqualTo(b);
        assertProblem(alice.delete("/api/v1/collections/" + a), 409, "id");
        // moving C to the top level, then deleting from the leaves up, works
        assertThat(alice.patch("/api/v1/collections/" + c, "{\"parent_id\":null}", null).json().get("parent_id").isNull()).isTrue();
        assertThat(alice.delete("/api/v1/collections/" + b).status()).isEqualTo(204);
        assertThat(alice.delete("/api/v1/collections/" + a).status()).isEqualTo(204);
        assertProblem(alice.get("/api/v1/collections/" + a), 404, null);
    }

    @Test
    void members_list_with_the_resource_filters_and_pagination() {
        String id = collection(alice, "{\"name\":\"Mixed\"}");
        List<String> papers = new ArrayList<>();
        for (int i = 0; i < 5; i++) papers.add(resource(alice, "paper " + i, "paper"));
        String book = resource(alice, "a book", "book");
        resource(alice, "not a member", "paper");
        List<String> all = new ArrayList<>(papers);
        all.add(book);
        JsonNode added = alice.post("/api/v1/collections/" + id + "/resources", Api.json(Map.of("resource_ids", all))).json();
        assertThat(added.get("added").asInt()).isEqualTo(6);
        JsonNode again = alice.post("/api/v1/collections/" + id + "/resources", Api.json(Map.of("resource_ids", List.of(book)))).json();
        assertThat(again.get("added").asInt()).isZero();
        assertThat(again.get("already_present").asInt()).isEqualTo(1);

        String base = "/api/v1/collections/" + id + "/resources";
        assertThat(alice.get(base + "?type=book").json().get("items")).hasSize(1);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = alice.get(base + "?type=paper&sort=title&order=asc&limit=2" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(r -> seen.add(r.get("title").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactly("paper 0", "paper 1", "paper 2", "paper 3", "paper 4");
        assertProblem(alice.get(base + "?limit=0"), 400, "limit");

        assertThat(alice.delete(base + "/" + book).status()).isEqualTo(204);
        assertProblem(alice.delete(base + "/" + book), 404, null);
        assertThat(alice.get(base).json().get("items")).hasSize(5);
    }

    @Test
    void membership_errors_name_the_field() {
        String id = collection(alice, "{\"name\":\"Errors\"}");
        String base = "/api/v1/collections/" + id + "/resources";
        assertProblem(alice.post(base, "{}"), 422, "resource_ids");
        assertProblem(alice.post(base, "{\"resource_ids\":[]}"), 422, "resource_ids");
        assertProblem(alice.post(base, "{\"resource_ids\":[\"bad\"]}"), 422, "resource_ids");
        assertProblem(alice.post(base, "{\"resource_ids\":[\"3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10\"]}"), 422, "resource_ids");
        assertProblem(alice.post(base, "{\"resource_ids\":[1]}"), 422, "resource_ids");
        assertProblem(alice.delete(base + "/bad"), 400, "resourceId");
    }

    @Test
    void deleting_a_resource_removes_its_memberships() {
        String id = collection(alice, "{\"name\":\"Doomed member\"}");
        String r = resource(alice, "will go", "paper");
        alice.post("/api/v1/collections/" + id + "/resources", Api.json(Map.of("resource_ids", List.of(r))));
        assertThat(alice.delete("/api/v1/resources/" + r).status()).isEqualTo(204);
        assertThat(alice.get("/api/v1/collections/" + id + "/resources").json().get("items")).isEmpty();
        long rows = server.pharos().library().database().read(h -> h.createQuery("SELECT count(*) FROM collection_resources WHERE resource_id = :r")
                .bind("r", java.util.UUID.fromString(r)).mapTo(Long.class).one());
        assertThat(rows).isZero();
    }
}
