package io.pharos.interaction;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.testing.TestDatabase;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class InteractionApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    @RegisterExtension
    static final TestDatabase oldSchema = new TestDatabase();

    @Test
    void the_resource_read_carries_views_and_the_average_rating() {
        Api a = TestUsers.create(server, "Reader A", Role.USER).api();
        Api b = TestUsers.create(server, "Reader B", Role.USER).api();
        String r = a.post("/api/v1/resources", "{\"title\":\"popular\"}").json().get("id").asText();
        String path = "/api/v1/resources/" + r + "/interactions";
        JsonNode before = a.get("/api/v1/resources/" + r).json().get("interactions");
        assertThat(before.get("views").asLong()).isZero();
        assertThat(before.get("average_rating").isNull()).isTrue();

        assertThat(a.post(path, "{\"interaction_type\":\"view\",\"duration_seconds\":30,\"metadata\":{\"client\":\"web\"}}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"view\"}").status()).isEqualTo(201);
        assertThat(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":4}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"rate\",\"rating\":5}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"bookmark\"}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"download\"}").status()).isEqualTo(201);

        JsonNode stats = a.get("/api/v1/resources/" + r).json().get("interactions");
        assertThat(stats.get("views").asLong()).isEqualTo(2);
        assertThat(stats.get("bookmarks").asLong()).isEqualTo(1);
        assertThat(stats.get("downloads").asLong()).isEqualTo(1);
        assertThat(stats.get("ratings").asLong()).isEqualTo(2);
        assertThat(stats.get("average_rating").asDouble()).isEqualTo(4.5);

        assertThat(a.delete("/api/v1/resources/" + r).status()).isEqualTo(204);
        long left = server.pharos().library().database().read(h -> h.createQuery("SELECT count(*) FROM interactions").mapTo(Long.class).one());
        assertThat(left).isZero();
    }

    @Test
    void invalid_interactions_name_the_field() {
        Api a = server.api().withKey(TestUsers.create(server, "Checker", Role.USER).key());
        String r = a.post("/api/v1/resources", "{\"title\":\"target\"}").json().get("id").asText();
        String path = "/api/v1/resources/" + r + "/interactions";
        assertProblem(a.post(path, "{}"), 422, "interaction_type");
        assertProblem(a.post(path, "{\"interaction_type\":\"like\"}"), 422, "interaction_type");
        assertProblem(a.post(path, "{\"interaction_type\":\"rate\"}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":6}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":2.5}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"rating\":3}"), 422, "rating");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"duration_seconds\":-1}"), 422, "duration_seconds");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"metadata\":[1]}"), 422, "metadata");
        assertProblem(a.post(path, "{\"interaction_type\":\"view\",\"metadata\":{\"k\":\"a\\u0000b\"}}"), 422, "metadata");
        assertProblem(a.post("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10/interactions", "{\"interaction_type\":\"view\"}"), 404, null);
        assertProblem(a.post(path, Api.json(Map.of("interaction_type", "view", "metadata", Map.of("big", "x".repeat(10_001))))), 422, "metadata");
    }

    @Test
    void bookmarking_twice_counts_once_and_a_bookmark_can_be_removed() {
        TestUsers.Caller reader = TestUsers.create(server, "Bookmarker", Role.USER);
        Api a = reader.api();
        Api other = TestUsers.create(server, "Other Bookmarker", Role.USER).api();
        String r = a.post("/api/v1/resources", "{\"title\":\"worth keeping\"}").json().get("id").asText();
        String path = "/api/v1/resources/" + r + "/interactions";
        Api.Response first = a.post(path, "{\"interaction_type\":\"bookmark\"}");
        assertThat(first.status()).isEqualTo(201);
        Api.Response second = a.post(path, "{\"interaction_type\":\"bookmark\"}");
        assertThat(second.status()).as("already bookmarked: the same bookmark").isEqualTo(200);
        assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(other.post(path, "{\"interaction_type\":\"bookmark\"}").status()).isEqualTo(201);
        assertThat(a.get("/api/v1/resources/" + r).json().get("interactions").get("bookmarks").asLong()).isEqualTo(2);

        JsonNode mine = a.get("/api/v1/bookmarks").json().get("items");
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("resource_id").asText()).isEqualTo(r);
        assertThat(mine.get(0).get("title").asText()).isEqualTo("worth keeping");

        assertThat(a.delete("/api/v1/resources/" + r + "/bookmark").status()).isEqualTo(204);
        assertThat(a.get("/api/v1/bookmarks").json().get("items")).isEmpty();
        assertThat(other.get("/api/v1/bookmarks").json().get("items")).hasSize(1);
        assertThat(a.get("/api/v1/resources/" + r).json().get("interactions").get("bookmarks").asLong()).isEqualTo(1);
        assertProblem(a.delete("/api/v1/resources/" + r + "/bookmark"), 404, null);
        assertProblem(a.delete("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10/bookmark"), 404, null);
        assertThat(a.post(path, "{\"interaction_type\":\"bookmark\"}").status()).as("bookmarked again").isEqualTo(201);
    }

    @Test
    void a_resource_s_interactions_are_the_caller_s_own_or_everyone_s_for_an_admin() {
        Api a = TestUsers.create(server, "Lister A", Role.USER).api();
        Api b = TestUsers.create(server, "Lister B", Role.USER).api();
        Api admin = TestUsers.create(server, "Lister Admin", Role.ADMIN).api();
        String r = a.post("/api/v1/resources", "{\"title\":\"listed\"}").json().get("id").asText();
        String path = "/api/v1/resources/" + r + "/interactions";
        for (int k = 0; k < 3; k++) {
            assertThat(a.post(path, "{\"interaction_type\":\"view\",\"duration_seconds\":" + k + "}").status()).isEqualTo(201);
            nextMillisecond();   // so "newest first" is one order, not a tie broken by id
        }
        assertThat(a.post(path, "{\"interaction_type\":\"rate\",\"rating\":3}").status()).isEqualTo(201);
        assertThat(b.post(path, "{\"interaction_type\":\"download\"}").status()).isEqualTo(201);

        JsonNode own = a.get(path).json();
        assertThat(own.get("items")).hasSize(4);
        assertThat(own.get("items").get(0).get("interaction_type").asText()).as("newest first").isEqualTo("rate");
        assertThat(own.get("items").findValuesAsText("user_id")).containsOnly(own.get("items").get(0).get("user_id").asText());
        assertThat(b.get(path).json().get("items")).singleElement().satisfies(i -> assertThat(i.get("interaction_type").asText()).isEqualTo("download"));

        assertProblem(a.get(path + "?scope=all"), 403, null);
        assertProblem(a.get(path + "?scope=nobody"), 400, "scope");
        assertThat(admin.get(path + "?scope=all").json().get("items")).hasSize(5);
        assertThat(admin.get(path).json().get("items")).isEmpty();

        JsonNode page1 = a.get(path + "?limit=3").json();
        assertThat(page1.get("items")).hasSize(3);
        JsonNode page2 = a.get(path + "?limit=3&cursor=" + page1.get("next_cursor").asText()).json();
        assertThat(page2.get("items")).hasSize(1);
        assertThat(page2.get("next_cursor").isNull()).isTrue();
        assertThat(page2.get("items").get(0).get("duration_seconds").asInt()).isZero();
        assertProblem(a.get(path + "?cursor=bogus"), 400, "cursor");
        assertProblem(a.get(path + "?limit=0"), 400, "limit");
        assertProblem(a.get("/api/v1/resources/3f2b8c1e-0d4a-4b7e-9a61-2c5d7e8f9a10/interactions"), 404, null);
    }

    private static void nextMillisecond() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void the_upgrade_merges_duplicate_bookmarks_made_before() {
        try (Database db = Database.open(oldSchema.settings())) {
            SchemaMigrator m = new SchemaMigrator(db);
            m.upgradeTo("v004");
            UUID user = UUID.randomUUID(), resource = UUID.randomUUID();
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            db.write(h -> {
                h.createUpdate("INSERT INTO users (id, name, email, role, created_at) VALUES (:id, 'U', 'u@example.org', 'user', :t)").bind("id", user).bind("t", t).execute();
                h.createUpdate("INSERT INTO resources (id, title, created_at, updated_at, version) VALUES (:id, 't', :t, :t, 1)").bind("id", resource).bind("t", t).execute();
                for (int k = 0; k < 3; k++) {
                    h.createUpdate("""
                                    INSERT INTO interactions (id, user_id, resource_id, interaction_type, metadata, created_at)
                                    VALUES (:id, :u, :r, :type, :metadata, :t)""")
                            .bind("id", UUID.randomUUID()).bind("u", user).bind("r", resource).bind("type", k < 2 ? "bookmark" : "view")
                            .bind("metadata", new io.pharos.db.Json("{}")).bind("t", t.plusSeconds(k)).execute();
                }
                return null;
            });
            m.upgrade();
            List<String> left = db.read(h -> h.createQuery("SELECT interaction_type FROM interactions ORDER BY created_at").mapTo(String.class).list());
            assertThat(left).containsExactly("bookmark", "view");
            m.downgradeTo("v004");
            m.upgrade();
        }
    }
}
