package io.pharos.http;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies are JSON only (PHAROS_AUTH=auto on loopback with no users: the local owner is implied, the mode a web
 * page could reach with a form or a {@code text/plain} fetch that needs no CORS preflight).
 */
class JsonContentTypeTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final String RESOURCE = "{\"title\":\"cross-site\"}";

    private static Api.Response post(String type, String body) {
        return server.api().send("POST", "/api/v1/resources", type == null ? Map.of() : Map.of("Content-Type", type), body);
    }

    private static int resourcesTitled(String title) {
        int n = 0;
        for (var item : server.api().get("/api/v1/resources?limit=200").json().get("items")) {
            if (item.get("title").asText().equals(title)) n++;
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/xml", "application/jsonx", "text/json",
            "application/json; charset=bogus", "application/json; charset=ISO-8859-1", "application/json; charset="})
    void a_body_of_another_type_is_415_naming_the_header_and_creates_nothing(String type) {
        Api.Response r = post(type, RESOURCE);
        assertProblem(r, 415, "Content-Type");
        assertThat(r.json().get("detail").asText()).contains("Content-Type");
        assertThat(resourcesTitled("cross-site")).isZero();
    }

    @Test
    void a_form_encoded_post_creates_nothing() {
        assertProblem(post("application/x-www-form-urlencoded", "title=cross-site"), 415, "Content-Type");
        assertProblem(post("text/plain", "{\"title\":\"cross-site\", \"x\": \"=\"}"), 415, "Content-Type");
        assertThat(resourcesTitled("cross-site")).isZero();
    }

    @Test
    void a_body_without_a_content_type_is_415() {
        assertProblem(post(null, RESOURCE), 415, "Content-Type");
        assertThat(resourcesTitled("cross-site")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "Application/JSON;Charset=\"UTF-8\"",
            "application/merge-patch+json", "application/json;charset=utf8"})
    void json_types_with_a_utf8_charset_or_none_are_read(String type) {
        Api.Response r = post(type, Api.json(Map.of("title", "typed " + type)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    @Test
    void a_merge_patch_is_read() {
        String id = server.api().post("/api/v1/resources", "{\"title\":\"to patch\"}").json().get("id").asText();
        Api.Response r = server.api().send("PATCH", "/api/v1/resources/" + id,
                Map.of("Content-Type", "application/merge-patch+json", "If-Match", "\"1\""), "{\"title\":\"patched\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("title").asText()).isEqualTo("patched");
    }

    @Test
    void an_empty_post_without_a_type_still_gets_the_body_is_empty_answer() {
        assertProblem(post(null, null), 400, "body");
    }

    @Test
    void every_route_taking_a_body_refuses_text_plain() {
        List<HttpServer.Route> withBody = server.pharos().routes().stream()
                .filter(r -> List.of("POST", "PUT", "PATCH").contains(r.method())).toList();
        assertThat(withBody).hasSizeGreaterThan(15);
        for (HttpServer.Route route : withBody) {
            String path = route.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            Api.Response r = server.api().send(route.method(), path, Map.of("Content-Type", "text/plain"), "{}");
            assertThat(r.status()).as(route + ": " + r.body()).isEqualTo(415);
        }
    }

    @Test
    void the_type_rule() {
        assertThat(JsonContentType.problem("application/json")).isNull();
        assertThat(JsonContentType.problem("application/problem+json")).isNull();
        assertThat(JsonContentType.problem("application/json; charset=\"utf-8\"; foo=bar")).isNull();
        assertThat(JsonContentType.problem("")).contains("application/json");
        assertThat(JsonContentType.problem("text/plain\u0000\n")).doesNotContain("\n").doesNotContain("\u0000");
        assertThat(JsonContentType.problem("application/json; charset=\"utf-16\"")).contains("utf-16");
    }
}
