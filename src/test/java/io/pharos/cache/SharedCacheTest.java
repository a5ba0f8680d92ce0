package io.pharos.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.Pharos;
import io.pharos.auth.Role;
import io.pharos.auth.User;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared Redis cache (TEST_REDIS_URL) with two instances on one library: answers come from the cache,
 * and a write acknowledged by one instance is seen by the next read on the other, never a kept older answer.
 */
class SharedCacheTest {
    @RegisterExtension
    static final TestDatabase database = new TestDatabase();

    static Pharos a;
    static Pharos b;
    static Api onA;
    static Api onB;
    static Api aliceOnA;
    static Api aliceOnB;
    static Api bobOnB;

    @BeforeAll
    static void twoInstances() {
        Map<String, String> cached = Map.of("PHAROS_REDIS_URL", TestDatabase.redisUrl(), "PHAROS_EMBEDDINGS", "none");
        a = Pharos.start(database.settings(cached));
        b = Pharos.start(database.settings(cached));
        String admin = key(a, "Admin", Role.ADMIN);
        onA = new Api(a.port(), admin);
        onB = new Api(b.port(), admin);
        String alice = key(a, "Alice", Role.USER);
        aliceOnA = new Api(a.port(), alice);
        aliceOnB = new Api(b.port(), alice);
        bobOnB = new Api(b.port(), key(a, "Bob", Role.USER));
    }

    @AfterAll
    static void stop() {
        if (b != null) b.close();
        if (a != null) a.close();
    }

    private static String key(Pharos on, String name, Role role) {
        var users = on.library().users();
        User u = users.createUser(name, name.toLowerCase(java.util.Locale.ROOT) + "@example.org", role);
        return users.createKey(u.id(), "test").key();
    }

    private static String create(Api api, String title, String content) {
        var r = api.post("/api/v1/resources", Api.json(Map.of("title", title, "content", content)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** A counter of {@code /metrics} on the instance {@code api} talks to. */
    private static double metric(Api api, String name) {
        String text = api.get("/metrics").body();
        return text.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).strip()))
                .findFirst().orElseThrow(() -> new AssertionError(name + " is not in /metrics"));
    }

    private static List<String> titles(JsonNode search) {
        return search.get("results").findValues("resource").stream().map(r -> r.get("title").asText()).toList();
    }

    @Test
    void a_hit_answers_the_same_body_as_the_miss_that_kept_it() {
        String id = create(onA, "Lighthouse keeping", "The keeper trims the lamp at dusk.");
        double hits = metric(onA, "pharos_cache_hits_total");
        double misses = metric(onA, "pharos_cache_misses_total");

        var miss = onA.get("/api/v1/search?mode=keyword&q=lighthouse");
        var hit = onA.get("/api/v1/search?mode=keyword&q=lighthouse");
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(titles(miss.json())).containsExactly("Lighthouse keeping");
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.header("Content-Type")).startsWith("application/json");
        // the POST form of the same search is the same parsed request: the same key
        var posted = onA.post("/api/v1/search", "{\"q\":\"lighthouse\"}");
        assertThat(posted.body()).isEqualTo(miss.body());

        var read = onA.get("/api/v1/resources/" + id);
        var again = onA.get("/api/v1/resources/" + id);
        assertThat(again.body()).isEqualTo(read.body());
        assertThat(again.header("ETag")).isEqualTo(read.header("ETag")).isEqualTo("\"1\"");

        var page = onA.get("/api/v1/resources?limit=5");
        assertThat(onA.get("/api/v1/resources?limit=5").body()).isEqualTo(page.body());

        assertThat(metric(onA, "pharos_cache_hits_total") - hits).isEqualTo(4);
        assertThat(metric(onA, "pharos_cache_misses_total") - misses).isEqualTo(3);
        // and the other instance finds what this one kept
        assertThat(onB.get("/api/v1/search?mode=keyword&q=lighthouse").body()).isEqualTo(miss.body());
        assertThat(metric(onB, "pharos_cache_hits_total")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void a_write_on_one_instance_is_seen_by_the_next_read_on_the_other() {
        String id = create(onA, "Beacon 0", "A beacon on the breakwater.");
        String etag = onB.get("/api/v1/resources/" + id).header("ETag");
        double hits = metric(onB, "pharos_cache_hits_total");
        for (int i = 1; i <= 200; i++) {
            String title = "Beacon " + i;
            var patched = onA.patch("/api/v1/resources/" + id, Api.json(Map.of("title", title)), etag);
            assertThat(patched.status()).as(patched.body()).isEqualTo(200);
            etag = patched.header("ETag");

            var read = onB.get("/api/v1/resources/" + id);
            assertThat(read.json().get("title").asText()).as("read %d on the other instance", i).isEqualTo(title);
            assertThat(read.header("ETag")).isEqualTo(etag);
            assertThat(onB.get("/api/v1/resources/" + id).json().get("title").asText()).isEqualTo(title);
            var found = onB.get("/api/v1/search?mode=keyword&q=breakwater");
            assertThat(titles(found.json())).as("search %d on the other instance", i).containsExactly(title);
            assertThat(titles(onB.get("/api/v1/search?mode=keyword&q=breakwater").json())).containsExactly(title);
        }
        assertThat(metric(onB, "pharos_cache_hits_total") - hits).as("the repeated reads were hits").isGreaterThanOrEqualTo(400);
    }

    @Test
    void a_delete_on_one_instance_is_seen_by_the_next_read_on_the_other() {
        String id = create(onA, "Foghorn", "The foghorn sounds twice a minute.");
        assertThat(onB.get("/api/v1/resources/" + id).status()).isEqualTo(200);
        assertThat(onB.get("/api/v1/resources/" + id).status()).isEqualTo(200);
        assertThat(titles(onB.get("/api/v1/search?mode=keyword&q=foghorn").json())).containsExactly("Foghorn");
        assertThat(onB.get("/api/v1/resources?limit=200").body()).contains(id);

        assertThat(onA.delete("/api/v1/resources/" + id).status()).isEqualTo(204);

        assertThat(onB.get("/api/v1/resources/" + id).status()).isEqualTo(404);
        assertThat(titles(onB.get("/api/v1/search?mode=keyword&q=foghorn").json())).isEmpty();
        assertThat(onB.get("/api/v1/resources?limit=200").body()).doesNotContain(id);
    }

    @Test
    void a_search_in_a_private_collection_is_kept_for_its_owner_only() {
        String inside = create(aliceOnA, "Lantern room", "The lantern room sits above the watch room.");
        create(aliceOnA, "Lantern history", "Lanterns before electric light.");
        String mine = aliceOnA.post("/api/v1/collections", "{\"name\":\"alice's\"}").json().get("id").asText();
        assertThat(aliceOnA.post("/api/v1/collections/" + mine + "/resources", Api.json(Map.of("resource_ids", List.of(inside)))).status()).isEqualTo(200);
        String path = "/api/v1/search?mode=keyword&q=lantern&collection=" + mine;

        var first = aliceOnB.get(path);
        assertThat(titles(first.json())).containsExactly("Lantern room");
        double hits = metric(onB, "pharos_cache_hits_total");
        assertThat(aliceOnB.get(path).body()).isEqualTo(first.body());
        assertThat(metric(onB, "pharos_cache_hits_total")).isEqualTo(hits + 1);

        var bobs = bobOnB.get(path);
        assertThat(bobs.status()).as("another user's private collection, kept for its owner").isEqualTo(404);
        assertThat(bobs.body()).doesNotContain("Lantern room");
        assertThat(bobOnB.post("/api/v1/search", "{\"q\":\"lantern\",\"collection\":\"" + mine + "\"}").status()).isEqualTo(404);

        String his = bobOnB.post("/api/v1/collections", "{\"name\":\"bob's\"}").json().get("id").asText();
        var empty = bobOnB.get("/api/v1/search?mode=keyword&q=lantern&collection=" + his);
        assertThat(empty.status()).isEqualTo(200);
        assertThat(titles(empty.json())).isEmpty();
    }

    @Test
    void readiness_reports_the_cache_without_its_password() {
        var ready = onA.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        JsonNode cache = ready.json().get("cache");
        assertThat(cache.get("status").asText()).isEqualTo("ok");
        assertThat(cache.get("url").asText()).startsWith("redis://127.0.0.1:");
    }
}
