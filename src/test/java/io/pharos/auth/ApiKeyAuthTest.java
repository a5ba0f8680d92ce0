package io.pharos.auth;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Once a user exists, every /api call needs a live key (PHAROS_AUTH=auto on loopback). */
class ApiKeyAuthTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static UserService users;
    static User admin;
    static User member;
    static String adminKey;
    static String memberKey;

    @BeforeAll
    static void users() {
        // before any user exists, loopback needs no key (the local owner is implied)
        assertThat(server.api().get("/api/v1/resources").status()).isEqualTo(200);
        assertThat(server.api().get("/api/v1/users/me").json().get("id").asText()).isEqualTo(UserService.LOCAL_OWNER.toString());
        users = server.pharos().library().users();
        admin = users.createUser("Ada", "ada@example.org", Role.ADMIN);
        member = users.createUser("Bob", "bob@example.org", Role.USER);
        adminKey = users.createKey(admin.id(), "test").key();
        memberKey = users.createKey(member.id(), "test").key();
    }

    private Api as(String key) {
        return server.api().withKey(key);
    }

    @Test
    void without_a_key_api_calls_get_401_with_a_bearer_challenge_once_a_user_exists() {
        Api.Response r = server.api().get("/api/v1/resources");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.json().get("field").asText()).isEqualTo("Authorization");
        assertThat(server.api().get("/health").status()).isEqualTo(200);
    }

    @Test
    void a_valid_key_lets_the_user_in_and_names_them() {
        Api.Response me = as(memberKey).get("/api/v1/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo("bob@example.org");
        assertThat(me.json().get("role").asText()).isEqualTo("user");
        assertThat(as(memberKey).post("/api/v1/resources", "{\"title\":\"shared library\"}").status()).isEqualTo(201);
    }

    @Test
    void unknown_or_malformed_keys_get_401() {
        assertThat(as("pharos_nope").get("/api/v1/resources").status()).isEqualTo(401);
        assertThat(server.api().withKey("").get("/api/v1/resources").status()).isEqualTo(401);
        Api.Response basic = as(null).get("/api/v1/resources");
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void revoked_key_stops_working_at_once() {
        NewApiKey k = users.createKey(member.id(), "short-lived");
        assertThat(as(k.key()).get("/api/v1/resources").status()).isEqualTo(200);
        Api.Response revoked = as(k.key()).delete("/api/v1/keys/" + k.apiKey().id());
        assertThat(revoked.status()).as("like every delete").isEqualTo(204);
        assertThat(revoked.body()).isEmpty();
        assertThat(users.listKeys(member.id())).filteredOn(x -> x.id().equals(k.apiKey().id()))
                .singleElement().satisfies(x -> assertThat(x.revokedAt()).isNotNull());
        assertThat(as(k.key()).get("/api/v1/resources").status()).isEqualTo(401);
    }

    @Test
    void only_admins_manage_users() {
        Api.Response denied = as(memberKey).post("/api/v1/users", "{\"name\":\"Eve\",\"email\":\"eve@example.org\"}");
        assertThat(denied.status()).isEqualTo(403);
        assertThat(as(memberKey).get("/api/v1/users").status()).isEqualTo(403);

        Api.Response made = as(adminKey).post("/api/v1/users", "{\"name\":\"Eve\",\"email\":\"Eve@Example.org\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        assertThat(made.json().get("email").asText()).isEqualTo("eve@example.org");
        Api.Response again = as(adminKey).post("/api/v1/users", "{\"name\":\"Eve 2\",\"email\":\"eve@example.org\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("field").asText()).isEqualTo("email");
        assertThat(as(adminKey).get("/api/v1/users").json().get("items")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void user_creation_errors_name_the_field() {
        assertThat(as(adminKey).post("/api/v1/users", "{\"name\":\"X\",\"email\":\"not-an-email\"}").json().get("field").asText()).isEqualTo("email");
        assertThat(as(adminKey).post("/api/v1/users", "{\"email\":\"x@example.org\"}").json().get("field").asText()).isEqualTo("name");
        Api.Response role = as(adminKey).post("/api/v1/users", "{\"name\":\"X\",\"email\":\"x@example.org\",\"role\":\"root\"}");
        assertThat(role.status()).isEqualTo(422);
        assertThat(role.json().get("field").asText()).isEqualTo("role");
        assertThat(as(adminKey).post("/api/v1/users", "[1]").status()).isEqualTo(400);
    }

    @Test
    void users_manage_their_own_keys_and_cannot_see_others() {
        Api.Response created = as(memberKey).post("/api/v1/keys", "{\"name\":\"laptop\"}");
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asText();
        assertThat(key).startsWith("pharos_").hasSizeGreaterThanOrEqualTo(7 + 43);
        assertThat(as(key).get("/api/v1/users/me").json().get("email").asText()).isEqualTo("bob@example.org");
        assertThat(as(memberKey).get("/api/v1/keys").json().get("items").toString()).doesNotContain(key).doesNotContain("hash");

        String adminKeyId = users.listKeys(admin.id()).getFirst().id().toString();
        assertThat(as(memberKey).delete("/api/v1/keys/" + adminKeyId).status()).isEqualTo(404);
        assertThat(as(memberKey).delete("/api/v1/keys/not-a-uuid").status()).isEqualTo(400);
        assertThat(as(memberKey).post("/api/v1/keys", "{}").json().get("field").asText()).isEqualTo("name");
    }

    @Test
    void the_plain_key_appears_nowhere_in_the_database_or_the_logs() {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String key;
        System.setErr(new PrintStream(captured, true));
        try {
            Api.Response created = as(memberKey).post("/api/v1/keys", "{\"name\":\"secret-check\"}");
            key = created.json().get("key").asText();
            as(key).get("/api/v1/resources");
            as(key).delete("/api/v1/keys/" + created.json().get("api_key").get("id").asText());
            as(key).get("/api/v1/resources");
        } finally {
            System.setErr(oldErr);
        }
        assertThat(captured.toString()).doesNotContain(key).doesNotContain(key.substring(7));
        List<Map<String, Object>> rows = server.pharos().library().databases().configuration().read(h -> h.createQuery("SELECT * FROM api_keys").mapToMap().list());
        List<Map<String, Object>> userRows = server.pharos().library().databases().configuration().read(h -> h.createQuery("SELECT * FROM users").mapToMap().list());
        assertThat(rows.toString() + userRows).doesNotContain(key).doesNotContain(key.substring(7))
                .contains(UserService.hash(key));
    }
}
