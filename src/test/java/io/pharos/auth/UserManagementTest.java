package io.pharos.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Admins disable and enable users, change roles and list every key with its owner's email. */
class UserManagementTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static TestUsers.Caller admin;

    @BeforeAll
    static void admin() {
        admin = TestUsers.create(server, "Root", Role.ADMIN);
    }

    @Test
    void a_disabled_user_is_refused_at_once_and_enabled_again() {
        TestUsers.Caller carol = TestUsers.create(server, "Carol", Role.USER);
        assertThat(carol.api().get("/api/v1/users/me").status()).isEqualTo(200);

        Api.Response disabled = admin.api().patch("/api/v1/users/" + carol.id(), "{\"disabled\":true}", null);
        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().get("disabled_at").isNull()).isFalse();
        Api.Response refused = carol.api().get("/api/v1/resources");
        assertThat(refused.status()).as("the very next request").isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(admin.api().get("/api/v1/users/" + carol.id()).json().get("disabled_at").isNull()).isFalse();

        Api.Response enabled = admin.api().patch("/api/v1/users/" + carol.id(), "{\"disabled\":false}", null);
        assertThat(enabled.json().get("disabled_at").isNull()).isTrue();
        assertThat(carol.api().get("/api/v1/resources").status()).isEqualTo(200);
    }

    @Test
    void a_role_change_takes_effect_on_the_next_request() {
        TestUsers.Caller dan = TestUsers.create(server, "Dan", Role.USER);
        assertThat(dan.api().get("/api/v1/users").status()).isEqualTo(403);
        assertThat(admin.api().patch("/api/v1/users/" + dan.id(), "{\"role\":\"admin\"}", null).json().get("role").asText()).isEqualTo("admin");
        assertThat(dan.api().get("/api/v1/users").status()).isEqualTo(200);
        assertThat(admin.api().patch("/api/v1/users/" + dan.id(), "{\"role\":\"user\"}", null).status()).isEqualTo(200);
        assertThat(dan.api().get("/api/v1/users").status()).isEqualTo(403);
    }

    @Test
    void only_admins_manage_users_and_bad_changes_name_the_field() {
        TestUsers.Caller eve = TestUsers.create(server, "Eve", Role.USER);
        assertProblem(eve.api().patch("/api/v1/users/" + admin.id(), "{\"disabled\":true}", null), 403, null);
        assertProblem(eve.api().get("/api/v1/users/" + admin.id()), 403, null);
        assertProblem(admin.api().patch("/api/v1/users/" + eve.id(), "{\"role\":\"root\"}", null), 422, "role");
        assertProblem(admin.api().patch("/api/v1/users/" + eve.id(), "{\"disabled\":\"yes\"}", null), 422, "disabled");
        assertProblem(admin.api().patch("/api/v1/users/" + eve.id(), "{\"disabled\":null}", null), 422, "disabled");
        assertProblem(admin.api().patch("/api/v1/users/" + eve.id(), "{\"name\":\"x\"}", null), 422, "name");
        assertProblem(admin.api().patch("/api/v1/users/" + UserService.LOCAL_OWNER, "{\"disabled\":true}", null), 404, null);
        assertProblem(admin.api().patch("/api/v1/users/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10", "{\"disabled\":true}", null), 404, null);
        assertProblem(admin.api().patch("/api/v1/users/nope", "{\"disabled\":true}", null), 400, "id");
    }

    @Test
    void the_last_enabled_admin_cannot_be_disabled_or_demoted() {
        // Root is the only admin other tests leave enabled at the end; make sure of it here
        for (JsonNode u : admin.api().get("/api/v1/users").json().get("items")) {
            if (u.get("role").asText().equals("admin") && !u.get("id").asText().equals(admin.id())) {
                admin.api().patch("/api/v1/users/" + u.get("id").asText(), "{\"role\":\"user\"}", null);
            }
        }
        assertProblem(admin.api().patch("/api/v1/users/" + admin.id(), "{\"disabled\":true}", null), 409, "role");
        assertProblem(admin.api().patch("/api/v1/users/" + admin.id(), "{\"role\":\"user\"}", null), 409, "role");
        assertThat(admin.api().get("/api/v1/users/me").status()).isEqualTo(200);
    }

    @Test
    void keys_are_listed_with_their_owner_email_and_admins_list_everyone_s() {
        TestUsers.Caller fay = TestUsers.create(server, "Fay", Role.USER);
        JsonNode own = fay.api().get("/api/v1/keys").json().get("items");
        assertThat(own).hasSize(1);
        assertThat(own.get(0).get("user_email").asText()).isEqualTo("fay@example.org");
        assertProblem(fay.api().get("/api/v1/keys?scope=all"), 403, null);
        assertProblem(fay.api().get("/api/v1/keys?scope=everything"), 400, "scope");

        JsonNode all = admin.api().get("/api/v1/keys?scope=all").json().get("items");
        assertThat(all.findValuesAsText("user_email")).contains("fay@example.org", "root@example.org");
        assertThat(all.toString()).doesNotContain(fay.key()).doesNotContain("hash");
    }

    @Test
    void revoking_a_key_answers_204_like_every_delete() {
        TestUsers.Caller gus = TestUsers.create(server, "Gus", Role.USER);
        String id = gus.api().get("/api/v1/keys").json().get("items").get(0).get("id").asText();
        Api.Response revoked = gus.api().delete("/api/v1/keys/" + id);
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(gus.api().get("/api/v1/users/me").status()).isEqualTo(401);
        assertThat(admin.api().get("/api/v1/keys?scope=all").json().get("items").toString()).contains(id);
    }
}
