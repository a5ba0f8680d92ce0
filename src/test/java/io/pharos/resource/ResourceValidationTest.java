package io.pharos.resource;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets problem details naming the field, never a 500, and changes nothing. */
class ResourceValidationTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    static String existingId;

    @BeforeAll
    static void createOne() {
        existingId = server.api().post("/api/v1/resources", "{\"title\":\"keeper\"}").json().get("id").asText();
    }

    private static void assertProblem(Api.Response r, int status, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        if (field != null) assertThat(p.get("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "{\"title\": \"x\"                              | 400 | body",
            "[1,2]                                          | 400 | body",
            "''                                             | 400 | body",
            "{}                                             | 422 | title",
            "{\"title\": \"   \"}                           | 422 | title",
            "{\"title\": 42}                                | 422 | title",
            "{\"title\": \"t\", \"subject\": \"math\"}      | 422 | subject",
            "{\"title\": \"t\", \"subject\": [1, 2]}        | 422 | subject",
            "{\"title\": \"t\", \"quality_score\": 1.5}     | 422 | quality_score",
            "{\"title\": \"t\", \"quality_score\": -0.1}    | 422 | quality_score",
            "{\"title\": \"t\", \"quality_score\": \"high\"}| 422 | quality_score",
            "{\"title\": \"t\", \"read_status\": \"done\"}  | 422 | read_status",
            "{\"title\": \"t\", \"colour\": \"red\"}        | 422 | colour",
            "{\"title\": \"t\", \"version\": 7}             | 422 | version",
            "{\"title\": \"nul \\u0000 inside\"}            | 422 | title",
    })
    void bad_create_bodies_name_the_field(String body, int status, String field) {
        long before = count();
        assertProblem(server.api().post("/api/v1/resources", body), status, field);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void over_long_title_is_refused() {
        assertProblem(server.api().post("/api/v1/resources", "{\"title\":\"" + "x".repeat(501) + "\"}"), 422, "title");
        assertThat(server.api().post("/api/v1/resources", "{\"title\":\"" + "x".repeat(500) + "\"}").status()).isEqualTo(201);
    }

    @Test
    void content_over_the_limit_is_refused_naming_it_and_nothing_is_stored() {
        long before = count();
        Api.Response r = server.api().post("/api/v1/resources",
                "{\"title\":\"too long\",\"content\":\"" + "x".repeat(ResourceInput.CONTENT_MAX + 1) + "\"}");
        assertProblem(r, 422, "content");
        assertThat(r.json().get("detail").asText()).contains("2000000");
        assertThat(count()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "sort=colour                        | 400 | sort",
            "order=sideways                     | 400 | order",
            "limit=0                            | 400 | limit",
            "limit=abc                          | 400 | limit",
            "limit=100000                       | 400 | limit",
            "cursor=not-a-cursor                | 400 | cursor",
            "cursor=eyJzIjoidGl0bGUifQ          | 400 | cursor",
            "min_quality=2                      | 400 | min_quality",
            "read_status=maybe                  | 400 | read_status",
            "created_after=yesterday            | 400 | created_after",
            "created_before=+999999-01-01T00:00:00Z | 400 | created_before",
            "created_after=-0001-01-01T00:00:00Z | 400 | created_after",
            "subject=a%00b                      | 400 | subject",
    })
    void bad_list_parameters_name_the_parameter(String query, int status, String field) {
        assertProblem(server.api().get("/api/v1/resources?" + query), status, field);
    }

    @Test
    void cursor_from_another_sort_is_refused() {
        server.api().post("/api/v1/resources", "{\"title\":\"second\"}");
        String cursor = server.api().get("/api/v1/resources?limit=1&sort=title").json().get("next_cursor").asText();
        assertProblem(server.api().get("/api/v1/resources?limit=1&sort=created_at&cursor=" + cursor), 400, "cursor");
    }

    @Test
    void invalid_uuid_in_path_is_a_bad_request_naming_id() {
        assertProblem(server.api().get("/api/v1/resources/not-a-uuid"), 400, "id");
        assertProblem(server.api().patch("/api/v1/resources/12345", "{\"title\":\"x\"}", "\"1\""), 400, "id");
        assertProblem(server.api().delete("/api/v1/resources/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"), 400, "id");
    }

    @Test
    void unknown_resource_is_404() {
        assertProblem(server.api().get("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10"), 404, null);
    }

    @Test
    void bad_patches_change_nothing() {
        String path = "/api/v1/resources/" + existingId;
        assertProblem(server.api().patch(path, "{\"title\":null}", "\"1\""), 422, "title");
        assertProblem(server.api().patch(path, "{\"subject\":null}", "\"1\""), 422, "subject");
        assertProblem(server.api().patch(path, "{\"quality_score\":3}", "\"1\""), 422, "quality_score");
        assertProblem(server.api().patch(path, "{\"title\":\"x\"}", "\"abc\""), 400, "If-Match");
        assertProblem(server.api().patch(path, "{\"title\":\"x\",\"version\":\"one\"}", null), 422, "version");
        JsonNode now = server.api().get(path).json();
        assertThat(now.get("title").asText()).isEqualTo("keeper");
        assertThat(now.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void unknown_route_is_a_problem_not_a_page() {
        assertProblem(server.api().get("/api/v1/nothing-here"), 404, null);
    }

    private static long count() {
        return server.pharos().library().database().read(h -> h.createQuery("SELECT count(*) FROM resources").mapTo(Long.class).one());
    }
}
