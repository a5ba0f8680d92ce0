package io.pharos.http;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Values one database takes and the other refuses are refused first, the same way on both: a 4xx naming the field. */
class InputValidationTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static Api api() {
        return server.api();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+20000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "yesterday"})
    void an_out_of_range_time_in_a_search_body_is_422_naming_the_field(String time) {
        for (String path : List.of("/api/v1/search", "/search", "/api/v1/search/hybrid")) {
            assertProblem(api().post(path, Api.json(Map.of("q", "x", "created_after", time))), 422, "created_after");
            assertProblem(api().post(path, Api.json(Map.of("q", "x", "created_before", time))), 422, "created_before");
        }
    }

    @Test
    void times_at_the_ends_of_the_range_are_read() {
        for (String time : List.of("0001-01-01", "9999-12-31T23:59:59Z")) {
            Api.Response r = api().post("/api/v1/search", Api.json(Map.of("q", "x", "created_after", time)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"253402300800000:%s", "-62135596800001:%s", "99999999999999999999:%s", "1:%s\u0000",
            "1\u0000:%s", "1:\u0000%s", "%s", ":%s", "1:not-a-uuid", "1e3:%s"})
    void a_forged_collection_cursor_is_400(String template) {
        String cursor = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(template.formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        assertProblem(api().get("/api/v1/collections?cursor=" + cursor), 400, "cursor");
    }

    @Test
    void an_issued_collection_cursor_pages_on() {
        for (int i = 0; i < 3; i++) api().post("/api/v1/collections", Api.json(Map.of("name", "c" + i)));
        String cursor = api().get("/api/v1/collections?limit=1").json().get("next_cursor").asText();
        assertThat(api().get("/api/v1/collections?limit=1&cursor=" + cursor).status()).isEqualTo(200);
    }

    private static String node(String parent) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", "n " + UUID.randomUUID()));
        if (parent != null) body.put("parent_id", parent);
        Api.Response r = api().post("/api/v1/taxonomy", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void a_taxonomy_is_at_most_32_levels_deep_on_both_databases() {
        List<String> chain = new ArrayList<>();
        chain.add(node(null));
        while (chain.size() < 32) chain.add(node(chain.getLast()));
        assertThat(api().get("/api/v1/taxonomy/" + chain.getLast()).json().get("level").asInt()).isEqualTo(31);

        Api.Response deeper = api().post("/api/v1/taxonomy", Api.json(Map.of("name", "too deep", "parent_id", chain.getLast())));
        assertProblem(deeper, 422, "parent_id");
        assertThat(deeper.json().get("detail").asText()).contains("32 levels");

        // a two-level subtree fits under level 29 (its leaf lands on 31) but not under level 30
        String top = node(null);
        String leaf = node(top);
        assertProblem(api().patch("/api/v1/taxonomy/" + top, Api.json(Map.of("parent_id", chain.get(30))), null), 422, "parent_id");
        assertThat(api().get("/api/v1/taxonomy/" + leaf).json().get("level").asInt()).as("nothing moved").isEqualTo(1);
        Api.Response moved = api().patch("/api/v1/taxonomy/" + top, Api.json(Map.of("parent_id", chain.get(29))), null);
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(api().get("/api/v1/taxonomy/" + leaf).json().get("level").asInt()).isEqualTo(31);
        assertThat(api().get("/api/v1/taxonomy/" + chain.getFirst() + "/resources?include_descendants=true").status()).isEqualTo(200);
    }
}
