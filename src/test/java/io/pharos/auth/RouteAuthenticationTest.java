package io.pharos.auth;

import io.pharos.http.HttpServer;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every registered route that is not explicitly public answers 401 without a key and with a revoked key
 * (PHAROS_AUTH=required). The routes are read from the running server, so a route added later is covered
 * without editing this test.
 */
class RouteAuthenticationTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required"));

    static String revokedKey;
    static String liveKey;

    @BeforeAll
    static void keys() {
        UserService users = server.pharos().library().users();
        User u = users.createUser("Eve", "eve@example.org", Role.ADMIN);
        NewApiKey revoked = users.createKey(u.id(), "revoked");
        users.revokeKey(revoked.apiKey().id(), new Principal(u.id(), Role.ADMIN));
        revokedKey = revoked.key();
        liveKey = users.createKey(u.id(), "live").key();
    }

    private static List<HttpServer.Route> guarded() {
        return server.pharos().routes().stream()
                .filter(r -> !Authenticator.PUBLIC_PATHS.contains(r.path()))
                .toList();
    }

    /** A concrete path for a route pattern: each {param} becomes a random UUID. */
    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
    }

    @Test
    void the_enumeration_sees_every_feature_including_the_search_aliases() {
        List<String> routes = server.pharos().routes().stream().map(r -> r.method() + " " + r.path()).toList();
        assertThat(routes).contains("POST /search", "POST /search/semantic", "POST /search/hybrid",
                "GET /api/v1/resources", "GET /monitoring/database", "POST /api/v1/keys");
        assertThat(guarded()).hasSizeGreaterThan(40);
    }

    @Test
    void every_non_public_route_answers_401_without_a_key() {
        Api anonymous = server.api();
        for (HttpServer.Route r : guarded()) {
            Api.Response response = anonymous.request(r.method(), concrete(r.path()), "{}");
            if (io.pharos.web.WebRoutes.PAGES.test(r.path())) {
                // a web page sends a browser without a session to sign in, and serves nothing
                assertThat(response.status()).as(r.method() + " " + r.path()).isEqualTo(303);
                assertThat(response.header("Location")).isEqualTo("/sign-in");
                continue;
            }
            assertThat(response.status()).as(r.method() + " " + r.path()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(r.method() + " " + r.path()).isEqualTo("Bearer");
        }
    }

    @Test
    void every_non_public_route_answers_401_with_a_revoked_key() {
        Api revoked = server.api().withKey(revokedKey);
        for (HttpServer.Route r : guarded()) {
            assertThat(revoked.request(r.method(), concrete(r.path()), "{}").status())
                    .as(r.method() + " " + r.path()).isEqualTo(401);
        }
    }

    @Test
    void a_live_key_gets_past_authentication_on_every_route() {
        Api live = server.api().withKey(liveKey);
        for (HttpServer.Route r : guarded()) {
            assertThat(live.request(r.method(), concrete(r.path()), "{}").status())
                    .as(r.method() + " " + r.path()).isNotEqualTo(401);
        }
    }

    @Test
    void only_the_probes_and_the_api_description_are_public() {
        assertThat(Authenticator.PUBLIC_PATHS).containsExactlyInAnyOrder("/health", "/health/ready", "/metrics", "/openapi.json", "/api/docs", "/sign-in");
        for (String path : Authenticator.PUBLIC_PATHS) {
            assertThat(server.api().get(path).status()).as(path).isEqualTo(200);
        }
    }
}
