package io.pharos.auth;

import io.pharos.testing.Api;
import io.pharos.testing.RawHttp;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zero-set-up mode (PHAROS_AUTH=auto, loopback, no users: the local owner is implied) against web pages:
 * a foreign Host (DNS rebinding) is refused, a change sent from another site is refused, and the first user
 * or key cannot be made over HTTP; clients that are not browsers (no Origin) and same-origin pages still work.
 */
class CrossSiteRequestTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    private static final String JSON = "application/json";

    private static int port() {
        return server.pharos().port();
    }

    private static Api.Response createFrom(Map<String, String> headers, String title) {
        Map<String, String> h = new java.util.HashMap<>(headers);
        h.put("Content-Type", JSON);
        return server.api().send("POST", "/api/v1/resources", h, Api.json(Map.of("title", title)));
    }

    private static int resourcesTitled(String title) {
        int n = 0;
        for (var item : server.api().get("/api/v1/resources?limit=200").json().get("items")) {
            if (item.get("title").asText().equals(title)) n++;
        }
        return n;
    }

    // --- Host ---

    @ParameterizedTest
    @ValueSource(strings = {"evil.example", "evil.example:%d", "127.0.0.1.nip.io:%d", "localhost:1", "127.0.0.1", "127.0.0.1:80",
            "localhost.evil.example:%d", "[::2]:%d", "[::1]", ""})
    void a_host_that_is_not_this_server_is_421_on_every_path(String template) {
        String host = template.formatted(port(), port());
        for (String path : new String[]{"/api/v1/resources", "/api/v1/users/me", "/health", "/metrics", "/no-such-route"}) {
            Api.Response r = RawHttp.get(port(), path, host);
            assertProblem(r, 421, "Host");
            assertThat(r.json().get("detail").asText()).contains("PHAROS_ALLOWED_HOSTS");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:99999", "::1:%d", "localhost:%d:%d", "evil.example:%d, localhost:%d"})
    void a_malformed_host_is_refused_before_any_route(String template) {
        assertThat(RawHttp.get(port(), "/api/v1/resources", template.formatted(port(), port())).status()).isEqualTo(400);
    }

    @Test
    void a_rebound_page_cannot_write_either() {
        Api.Response r = RawHttp.send(port(), "POST", "/api/v1/resources",
                Map.of("Host", "evil.example:" + port(), "Content-Type", JSON, "Origin", "http://evil.example:" + port()),
                "{\"title\":\"rebound\"}");
        assertProblem(r, 421, "Host");
        assertThat(resourcesTitled("rebound")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost:%d", "127.0.0.1:%d", "[::1]:%d", "LocalHost:%d"})
    void the_loopback_names_with_the_port_are_answered(String template) {
        Api.Response r = RawHttp.get(port(), "/api/v1/resources", template.formatted(port()));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    // --- Origin / Sec-Fetch-Site ---

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "https://evil.example", "http://localhost:3000", "null",
            "http://127.0.0.1", "http://127.0.0.1:%d.evil.example", "file://"})
    void a_change_from_another_origin_is_403_and_changes_nothing(String template) {
        String origin = template.formatted(port());
        assertProblem(createFrom(Map.of("Origin", origin), "from " + origin), 403, "Origin");
        assertThat(resourcesTitled("from " + origin)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site", "Cross-Site", "bogus"})
    void a_change_a_browser_marks_as_from_another_site_is_403(String site) {
        // Sec-Fetch-Site decides even when Origin claims to be this server
        Api.Response r = createFrom(Map.of("Sec-Fetch-Site", site, "Origin", "http://127.0.0.1:" + port()), "site " + site);
        assertProblem(r, 403, "Sec-Fetch-Site");
        assertThat(r.json().get("detail").asText()).contains("API key");
        assertThat(resourcesTitled("site " + site)).isZero();
    }

    @Test
    void every_state_changing_method_is_checked() {
        String id = server.api().post("/api/v1/resources", "{\"title\":\"kept\"}").json().get("id").asText();
        Map<String, String> evil = Map.of("Origin", "http://evil.example", "Content-Type", JSON, "If-Match", "\"1\"");
        assertProblem(server.api().send("DELETE", "/api/v1/resources/" + id, evil, null), 403, "Origin");
        assertProblem(server.api().send("PATCH", "/api/v1/resources/" + id, evil, "{\"title\":\"changed\"}"), 403, "Origin");
        assertProblem(server.api().send("PUT", "/api/v1/resources/" + id, evil, "{}"), 403, "Origin");
        Api.Response still = server.api().get("/api/v1/resources/" + id);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().get("title").asText()).isEqualTo("kept");
        // a read is not a change: the page cannot read the answer without CORS, which the server never grants
        assertThat(server.api().send("GET", "/api/v1/resources/" + id, Map.of("Origin", "http://evil.example"), null).status()).isEqualTo(200);
    }

    @Test
    void same_origin_pages_and_clients_that_are_not_browsers_still_work() {
        assertThat(createFrom(Map.of(), "curl-like").status()).isEqualTo(201);
        assertThat(createFrom(Map.of("Origin", "http://127.0.0.1:" + port()), "same origin").status()).isEqualTo(201);
        assertThat(createFrom(Map.of("Sec-Fetch-Site", "same-origin", "Origin", "http://127.0.0.1:" + port()), "fetch same origin").status()).isEqualTo(201);
        assertThat(createFrom(Map.of("Sec-Fetch-Site", "none"), "typed").status()).isEqualTo(201);
        Api.Response viaLocalhost = RawHttp.send(port(), "POST", "/api/v1/resources",
                Map.of("Host", "localhost:" + port(), "Origin", "http://localhost:" + port(), "Content-Type", JSON), "{\"title\":\"via localhost\"}");
        assertThat(viaLocalhost.status()).as(viaLocalhost.body()).isEqualTo(201);
        assertThat(resourcesTitled("curl-like") + resourcesTitled("same origin") + resourcesTitled("fetch same origin")
                + resourcesTitled("typed") + resourcesTitled("via localhost")).isEqualTo(5);
    }

    // --- the first user and key ---

    @Test
    void the_first_user_and_key_cannot_be_made_over_http_while_the_owner_is_implied() {
        Api.Response user = server.api().post("/api/v1/users", "{\"name\":\"Mallory\",\"email\":\"mallory@example.org\",\"role\":\"admin\"}");
        assertProblem(user, 403, null);
        assertThat(user.json().get("detail").asText()).contains("pharos users create", "pharos keys create", "PHAROS_ALLOW_HTTP_BOOTSTRAP");
        Api.Response key = server.api().post("/api/v1/keys", "{\"name\":\"stolen\"}");
        assertProblem(key, 403, null);
        assertThat(key.json().get("detail").asText()).contains("pharos keys create");

        UserService users = server.pharos().library().users();
        assertThat(users.anyUser()).isFalse();
        assertThat(users.listKeys(null)).isEmpty();
        // the owner is still implied: nothing was locked
        assertThat(server.api().get("/api/v1/users/me").json().get("id").asText()).isEqualTo(UserService.LOCAL_OWNER.toString());
    }
}
