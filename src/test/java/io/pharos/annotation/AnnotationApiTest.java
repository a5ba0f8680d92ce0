package io.pharos.annotation;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class AnnotationApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static Api alice;
    static Api bob;
    static String resource;
    static final String CONTENT = "Ünïcode ✓ 𝄞 music: the quick brown fox jumps over the lazy dog";

    @BeforeAll
    static void setUp() {
        alice = TestUsers.create(server, "Alice", Role.USER).api();
        bob = TestUsers.create(server, "Bob", Role.ADMIN).api();
        resource = alice.post("/api/v1/resources", Api.json(Map.of("title", "fox", "content", CONTENT))).json().get("id").asText();
    }

    static Map<String, Object> highlight(String text) {
        int start = CONTENT.codePointCount(0, CONTENT.indexOf(text));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start_offset", start);
        m.put("end_offset", start + text.codePointCount(0, text.length()));
        m.put("highlighted_text", text);
        return m;
    }

    private String path() {
        return "/api/v1/resources/" + resource + "/annotations";
    }

    @Test
    void an_annotation_over_matching_text_is_created_and_read_back() {
        Map<String, Object> body = highlight("𝄞 music");
        body.put("note", "clef");
        body.put("tags", List.of("music", "symbols"));
        body.put("color", "#ffcc00");
        Api.Response r = alice.post(path(), Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode a = alice.get("/api/v1/annotations/" + r.json().get("id").asText()).json();
        assertThat(a.get("highlighted_text").asText()).isEqualTo("𝄞 music");
        assertThat(a.get("start_offset").asInt()).isEqualTo(10);
        assertThat(a.get("tags")).hasSize(2);
        assertThat(a.get("is_shared").asBoolean()).isFalse();
        assertThat(a.get("resource_id").asText()).isEqualTo(resource);
    }

    @Test
    void highlighted_text_must_equal_the_content_between_the_offsets() {
        Map<String, Object> body = highlight("quick brown");
        body.put("highlighted_text", "quick green");
        assertProblem(alice.post(path(), Api.json(body)), 422, "highlighted_text");
        Map<String, Object> beyond = highlight("lazy dog");
        beyond.put("end_offset", 10_000);
        assertProblem(alice.post(path(), Api.json(beyond)), 422, "end_offset");
    }

    @Test
    void invalid_fields_are_named() {
        Map<String, Object> ok = highlight("fox");
        assertProblem(alice.post(path(), "{\"end_offset\":3,\"highlighted_text\":\"x\"}"), 422, "start_offset");
        Map<String, Object> backwards = new LinkedHashMap<>(ok);
        backwards.put("end_offset", ok.get("start_offset"));
        assertProblem(alice.post(path(), Api.json(backwards)), 422, "end_offset");
        Map<String, Object> negative = new LinkedHashMap<>(ok);
        negative.put("start_offset", -1);
        assertProblem(alice.post(path(), Api.json(negative)), 422, "start_offset");
        Map<String, Object> color = new LinkedHashMap<>(ok);
        color.put("color", "red");
        assertProblem(alice.post(path(), Api.json(color)), 422, "color");
        Map<String, Object> tags = new LinkedHashMap<>(ok);
        tags.put("tags", java.util.Collections.nCopies(21, "t"));
        assertProblem(alice.post(path(), Api.json(tags)), 422, "tags");
        Map<String, Object> note = new LinkedHashMap<>(ok);
        note.put("note", "n".repeat(10_001));
        assertProblem(alice.post(path(), Api.json(note)), 422, "note");
        Map<String, Object> shared = new LinkedHashMap<>(ok);
        shared.put("is_shared", "yes");
        assertProblem(alice.post(path(), Api.json(shared)), 422, "is_shared");
        assertProblem(alice.post("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10/annotations", Api.json(ok)), 404, null);
        assertProblem(alice.get("/api/v1/annotations/nope"), 400, "id");
    }

    @Test
    void a_private_annotation_is_not_found_for_others_and_a_shared_one_is_read_only_for_them() {
        String mine = alice.post(path(), Api.json(highlight("quick"))).json().get("id").asText();
        Map<String, Object> s = highlight("brown");
        s.put("is_shared", true);
        String shared = alice.post(path(), Api.json(s)).json().get("id").asText();

        assertProblem(bob.get("/api/v1/annotations/" + mine), 404, null);
        assertProblem(bob.patch("/api/v1/annotations/" + mine, "{\"note\":\"x\"}", null), 404, null);
        assertProblem(bob.delete("/api/v1/annotations/" + mine), 404, null);
        assertThat(bob.get(path()).body()).doesNotContain(mine).contains(shared);
        assertThat(alice.get(path()).body()).contains(mine, shared);

        assertThat(bob.get("/api/v1/annotations/" + shared).status()).isEqualTo(200);
        assertProblem(bob.patch("/api/v1/annotations/" + shared, "{\"note\":\"x\"}", null), 403, null);

        Api.Response patched = alice.patch("/api/v1/annotations/" + mine, "{\"note\":\"mine\",\"tags\":[\"a\"],\"color\":\"#abc\"}", null);
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().get("note").asText()).isEqualTo("mine");
        assertProblem(alice.patch("/api/v1/annotations/" + mine, "{\"start_offset\":1}", null), 422, "start_offset");
        assertProblem(alice.patch("/api/v1/annotations/" + mine, "{\"tags\":null}", null), 422, "tags");
        assertThat(alice.delete("/api/v1/annotations/" + mine).status()).isEqualTo(204);
        assertProblem(alice.get("/api/v1/annotations/" + mine), 404, null);
    }

    @Test
    void deleting_the_resource_removes_its_annotations() {
        String r = alice.post("/api/v1/resources", Api.json(Map.of("title", "short", "content", "hello world"))).json().get("id").asText();
        Api.Response a = alice.post("/api/v1/resources/" + r + "/annotations",
                "{\"start_offset\":0,\"end_offset\":5,\"highlighted_text\":\"hello\"}");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(alice.delete("/api/v1/resources/" + r).status()).isEqualTo(204);
        assertProblem(alice.get("/api/v1/annotations/" + a.json().get("id").asText()), 404, null);
    }
}
