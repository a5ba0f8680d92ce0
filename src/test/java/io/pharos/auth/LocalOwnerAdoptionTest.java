package io.pharos.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.collection.CollectionInput;
import io.pharos.collection.Visibility;
import io.pharos.testing.Api;
import io.pharos.testing.Cli;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is made in the zero-set-up mode (PHAROS_AUTH=auto on loopback, no users: the implied local owner)
 * is not orphaned when users arrive: the first admin created adopts it, and {@code --adopt-local} makes a
 * later admin adopt what the local owner made since.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalOwnerAdoptionTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static String resource;
    static String privateCollection;
    static String annotation;

    private static Cli.Run cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--database-url";
        all[args.length + 1] = server.database().url();
        return Cli.run(all);
    }

    private static String keyFor(String email) {
        Cli.Run key = cli("keys", "create", "--user", email);
        assertThat(key.exit()).as(key.err()).isZero();
        return key.out().lines().filter(l -> l.startsWith("pharos_")).findFirst().orElseThrow();
    }

    @Test
    @Order(1)
    void the_first_admin_created_on_the_command_line_adopts_what_the_local_owner_made() {
        Api owner = server.api();
        resource = owner.post("/api/v1/resources", Api.json(Map.of("title", "notes", "content", "the quick brown fox"))).json().get("id").asText();
        privateCollection = owner.post("/api/v1/collections", "{\"name\":\"mine\",\"visibility\":\"private\"}").json().get("id").asText();
        assertThat(owner.post("/api/v1/collections/" + privateCollection + "/resources", Api.json(Map.of("resource_ids", java.util.List.of(resource)))).status()).isEqualTo(200);
        annotation = owner.post("/api/v1/resources/" + resource + "/annotations",
                "{\"start_offset\":4,\"end_offset\":9,\"highlighted_text\":\"quick\",\"note\":\"private note\"}").json().get("id").asText();
        assertThat(owner.post("/api/v1/resources/" + resource + "/interactions", "{\"interaction_type\":\"rate\",\"rating\":5}").status()).isEqualTo(201);

        Cli.Run created = cli("users", "create", "--name", "Ada", "--email", "ada@example.org", "--role", "admin");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("adopted", "1 collections", "1 annotations", "1 interactions", "0 API keys");

        Api ada = server.api().withKey(keyFor("ada@example.org"));
        JsonNode mine = ada.get("/api/v1/collections?scope=mine").json().get("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("id").asText()).isEqualTo(privateCollection);
        assertThat(mine.get(0).get("visibility").asText()).isEqualTo("private");
        assertThat(ada.get("/api/v1/collections/" + privateCollection + "/resources").json().get("items")).hasSize(1);
        Api.Response note = ada.get("/api/v1/annotations/" + annotation);
        assertThat(note.status()).isEqualTo(200);
        assertThat(note.json().get("user_id").asText()).isEqualTo(ada.get("/api/v1/users/me").json().get("id").asText());
        assertThat(ada.get("/api/v1/resources/" + resource + "/annotations").json().get("items")).hasSize(1);

        assertThat(server.api().get("/api/v1/collections").status()).as("no implied owner once a user exists").isEqualTo(401);
    }

    @Test
    @Order(2)
    void a_later_admin_adopts_only_with_adopt_local_and_a_plain_user_cannot() {
        UserService users = server.pharos().library().users();
        Principal localOwner = new Principal(UserService.LOCAL_OWNER, Role.ADMIN);
        // what the local owner made after the first admin (e.g. with PHAROS_AUTH=off, or an owner@localhost key)
        var later = server.pharos().library().collections().create(localOwner, new CollectionInput.Create("later", null, Visibility.PRIVATE, null));
        String ownerKeyName = users.createKey(UserService.LOCAL_OWNER, "owner laptop").apiKey().name();

        Cli.Run second = cli("users", "create", "--name", "Bea", "--email", "bea@example.org", "--role", "admin");
        assertThat(second.exit()).as(second.err()).isZero();
        assertThat(second.out()).doesNotContain("adopted");

        Cli.Run refused = cli("users", "create", "--name", "Cy", "--email", "cy@example.org", "--adopt-local");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("admin");

        Cli.Run adopting = cli("users", "create", "--name", "Dee", "--email", "dee@example.org", "--role", "admin", "--adopt-local");
        assertThat(adopting.exit()).as(adopting.err()).isZero();
        assertThat(adopting.out()).contains("1 collections", "1 API keys");
        User dee = users.userByIdOrEmail("dee@example.org");
        Principal asDee = new Principal(dee.id(), Role.ADMIN);
        assertThat(server.pharos().library().collections().get(asDee, later.id()).ownerId()).isEqualTo(dee.id());
        assertThat(users.listKeys(dee.id())).extracting(ApiKey::name).contains(ownerKeyName);
        assertThat(users.listKeys(UserService.LOCAL_OWNER)).isEmpty();
    }
}
