package io.pharos.http;

import io.pharos.resource.ResourceFilter;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.UUID;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every route takes only the query parameters it declares, each once; the routes are read from the running server. */
class QueryParametersTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static List<HttpServer.Route> routes() {
        return server.pharos().routes();
    }

    private static String concrete(HttpServer.Route r) {
        return r.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    @Test
    void an_unknown_parameter_is_400_naming_it_on_every_route() {
        assertThat(routes()).hasSizeGreaterThan(40);
        for (HttpServer.Route r : routes()) {
            Api.Response resp = server.api().request(r.method(), concrete(r) + "?colour=red", "{}");
            assertProblem(resp, 400, "colour");
            assertThat(resp.json().get("detail").asText()).as(r.toString())
                    .contains("is not a parameter").contains(r.parameters().isEmpty() ? "takes none" : "it takes");
        }
    }

    @Test
    void every_declared_parameter_is_taken_as_a_parameter() {
        int checked = 0;
        for (HttpServer.Route r : routes()) {
            for (String p : r.parameters()) {
                Api.Response resp = server.api().request(r.method(), concrete(r) + "?" + p + "=", "{}");
                assertThat(resp.status()).as(r + " " + p + ": " + resp.body()).isLessThan(500);
                if (resp.status() == 400) assertThat(resp.body()).as(r + " " + p).doesNotContain("is not a parameter");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void listings_and_search_declare_the_filter_parameters() {
        for (String path : List.of("/api/v1/resources", "/api/v1/search", "/api/v1/collections/{id}/resources", "/api/v1/taxonomy/{id}/resources")) {
            HttpServer.Route r = routes().stream().filter(x -> x.method().equals("GET") && x.path().equals(path)).findFirst().orElseThrow();
            assertThat(r.parameters()).as(path).containsAll(ResourceFilter.PARAMETERS).contains("limit");
        }
    }

    @Test
    void a_parameter_given_twice_is_400_naming_it() {
        Api.Response r = server.api().get("/api/v1/resources?limit=1&limit=2");
        assertProblem(r, 400, "limit");
        assertThat(r.json().get("detail").asText()).contains("2 times");
        assertProblem(server.api().get("/api/v1/resources?subject=a&subject=b"), 400, "subject");
        assertProblem(server.api().get("/api/v1/search?q=x&q=y"), 400, "q");
    }

    @Test
    void a_misspelt_filter_is_refused_rather_than_ignored() {
        assertProblem(server.api().get("/api/v1/resources?subjects=math"), 400, "subjects");
        assertProblem(server.api().get("/api/v1/search?q=x&limt=5"), 400, "limt");
        assertProblem(server.api().get("/health?verbose=1"), 400, "verbose");
    }

    @Test
    void declared_parameters_still_work() {
        assertThat(server.api().get("/api/v1/resources?limit=5&sort=title&order=asc&subject=math").status()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/collections?scope=mine&limit=3").status()).isEqualTo(200);
    }
}
