package io.pharos.auth;

import io.pharos.Pharos;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The opt-in to make the first user and key over HTTP, and key-bearing requests, which no origin rule touches. */
class HttpBootstrapTest {
    /** Only the opt-in test's: it needs a library without users. */
    @RegisterExtension
    static final TestDatabase emptyDb = new TestDatabase();

    /** The other tests': users may exist. */
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void with_the_opt_in_the_implied_owner_makes_a_key_and_the_first_admin_over_http() {
        try (Pharos p = Pharos.start(emptyDb.settings(Map.of("PHAROS_ALLOW_HTTP_BOOTSTRAP", "true")))) {
            Api owner = new Api(p.port());
            Api.Response key = owner.post("/api/v1/keys", "{\"name\":\"owner laptop\"}");
            assertThat(key.status()).as(key.body()).isEqualTo(201);
            Api.Response user = owner.post("/api/v1/users", "{\"name\":\"Ada\",\"email\":\"ada@example.org\",\"role\":\"admin\"}");
            assertThat(user.status()).as(user.body()).isEqualTo(201);
            // a user exists: the implied owner is gone, the key made over HTTP works
            assertThat(owner.get("/api/v1/resources").status()).isEqualTo(401);
            assertThat(owner.withKey(key.json().get("key").asText()).get("/api/v1/users/me").status()).isEqualTo(200);
            // the opt-in does not open the other checks
            assertProblem(new Api(p.port()).send("POST", "/api/v1/keys", Map.of("Content-Type", "text/plain"), "{\"name\":\"x\"}"), 401, "Authorization");
        }
    }

    @Test
    void the_opt_in_still_refuses_a_cross_site_change() {
        try (Pharos p = Pharos.start(db.settings(Map.of("PHAROS_ALLOW_HTTP_BOOTSTRAP", "true", "PHAROS_AUTH", "off")))) {
            Api.Response r = new Api(p.port()).send("POST", "/api/v1/keys",
                    Map.of("Content-Type", "application/json", "Origin", "http://evil.example"), "{\"name\":\"x\"}");
            assertProblem(r, 403, "Origin");
        }
    }

    @Test
    void with_auth_off_the_owner_is_always_implied_so_every_rule_applies() {
        try (Pharos p = Pharos.start(db.settings(Map.of("PHAROS_AUTH", "off")))) {
            Api owner = new Api(p.port());
            assertProblem(owner.send("POST", "/api/v1/resources",
                    Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"), "{\"title\":\"x\"}"), 403, "Sec-Fetch-Site");
            // off ignores keys, so a key header does not exempt the request either
            assertProblem(owner.withKey("pharos_anything").send("POST", "/api/v1/resources",
                    Map.of("Content-Type", "application/json", "Origin", "http://evil.example"), "{\"title\":\"x\"}"), 403, "Origin");
            assertProblem(owner.post("/api/v1/keys", "{\"name\":\"x\"}"), 403, null);
            assertThat(owner.post("/api/v1/resources", "{\"title\":\"local\"}").status()).isEqualTo(201);
        }
    }

    /** Requests carry keys, which a page on another site cannot send without a CORS preflight. */
    @Test
    void a_request_with_a_valid_key_is_not_subject_to_the_origin_rules() {
        try (Pharos p = Pharos.start(db.settings(Map.of()))) {
            var users = p.library().users();
            User u = users.createUser("Ada", "ada.keys@example.org", Role.ADMIN);
            Api ada = new Api(p.port(), users.createKey(u.id(), "k").key());
            Map<String, String> crossSite = Map.of("Content-Type", "application/json", "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
            Api.Response made = ada.send("POST", "/api/v1/resources", crossSite, "{\"title\":\"keyed\"}");
            assertThat(made.status()).as(made.body()).isEqualTo(201);
            assertThat(ada.send("POST", "/api/v1/keys", crossSite, "{\"name\":\"second\"}").status()).isEqualTo(201);
            assertThat(ada.send("POST", "/api/v1/users", crossSite, "{\"name\":\"Bob\",\"email\":\"bob.keys@example.org\"}").status()).isEqualTo(201);
            // without the key: no implied owner once users exist, so 401 (not 403)
            assertProblem(new Api(p.port()).send("POST", "/api/v1/resources", crossSite, "{\"title\":\"x\"}"), 401, "Authorization");
            // the type rule holds for keys too
            assertProblem(ada.send("POST", "/api/v1/resources", Map.of("Content-Type", "text/plain"), "{\"title\":\"x\"}"), 415, "Content-Type");
        }
    }
}
