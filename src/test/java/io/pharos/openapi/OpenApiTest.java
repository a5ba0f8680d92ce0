package io.pharos.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.common.Jsons;
import io.pharos.http.HttpServer;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** /openapi.json describes exactly the routes the server registered; /api/docs is served from the jar, without a key. */
class OpenApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required"));

    private final OpenApiDocument document = new OpenApiDocument(Jsons.mapper());

    @Test
    void every_registered_route_is_described_and_every_described_one_exists() {
        List<HttpServer.Route> routes = server.pharos().routes();
        assertThat(document.undocumented(routes)).as("routes missing from openapi/catalogue.json").isEmpty();
        assertThat(document.unregistered(routes)).as("catalogue entries no route answers").isEmpty();
        assertThat(document.undescribedParameters(routes)).as("query parameters the catalogue does not describe").isEmpty();
    }

    @Test
    void the_document_lists_each_route_with_its_parameters_and_answers_problems() {
        Api.Response r = new Api(server.pharos().port()).get("/openapi.json");
        assertThat(r.status()).as("public: no key needed").isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        for (HttpServer.Route route : server.pharos().routes()) {
            JsonNode op = doc.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            assertThat(op.isObject()).as(route.method() + " " + route.path()).isTrue();
            List<String> query = new ArrayList<>();
            op.path("parameters").forEach(p -> {
                if (p.path("in").asText().equals("query")) query.add(p.path("name").asText());
            });
            assertThat(query).as("query parameters of " + route.path()).containsExactlyInAnyOrderElementsOf(route.parameters());
            assertThat(op.at("/responses/4XX/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
        }
        JsonNode search = doc.at("/paths/~1api~1v1~1search/get/parameters");
        assertThat(search.findValuesAsText("name")).contains("q", "mode", "subject", "created_after");
    }

    @Test
    void every_schema_reference_resolves() {
        JsonNode doc = new Api(server.pharos().port()).get("/openapi.json").json();
        List<String> refs = doc.findValuesAsText("$ref");
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void the_api_page_and_its_assets_are_served_from_the_jar_without_a_key() {
        Api api = new Api(server.pharos().port());
        Api.Response page = api.get("/api/docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/openapi.json").contains("swagger-ui-bundle.js").doesNotContain("https://");
        assertThat(api.get("/webjars/swagger-ui/" + OpenApiRoutes.SWAGGER_UI + "/swagger-ui-bundle.js").status()).isEqualTo(200);
        assertThat(api.get("/webjars/swagger-ui/" + OpenApiRoutes.SWAGGER_UI + "/swagger-ui.css").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/resources").status()).as("the API itself still needs a key").isEqualTo(401);
    }
}
