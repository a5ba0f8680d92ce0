package io.pharos.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class MonitorApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static Api alice;
    static Api bob;

    @BeforeAll
    static void setUp() {
        alice = TestUsers.create(server, "Alice", Role.USER).api();
        bob = TestUsers.create(server, "Bob", Role.USER).api();
    }

    static String monitor(Api api, Map<String, Object> body) {
        Api.Response r = api.post("/api/v1/monitors", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("webhook_secret").asText()).hasSize(64);
        return r.json().get("id").asText();
    }

    static String resource(Map<String, Object> body) {
        Api.Response r = alice.post("/api/v1/resources", Api.json(body));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Lets the match worker catch up with every resource queued so far. */
    static void matched() {
        MonitorModule monitors = server.pharos().library().monitors();
        long deadline = System.nanoTime() + 30_000_000_000L;
        do {
            monitors.matcher().drainAll();
            if (System.nanoTime() > deadline) throw new AssertionError("the match queue did not drain in 30 s");
        } while (monitors.service().queueDepth() > 0 && pause());
        TestServer.awaitReplicas(server.pharos());   // the matcher's alerts are background writes: no client position covers them
    }

    static boolean pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    static List<JsonNode> alerts(Api api, String monitor) {
        JsonNode page = api.get("/api/v1/alerts?monitor_id=" + monitor).json();
        List<JsonNode> out = new ArrayList<>();
        page.get("items").forEach(out::add);
        return out;
    }

    @Test
    void a_matching_resource_raises_exactly_one_alert_and_a_non_matching_one_none() {
        String m = monitor(alice, Map.of("name", "lighthouses", "query", "lighthouse keeper", "mode", "keyword"));
        String hit = resource(Map.of("title", "Notes of a lighthouse keeper", "content", "The lamp was lit at dusk by the keeper."));
        resource(Map.of("title", "Bread baking", "content", "Flour, water and salt."));
        matched();
        List<JsonNode> found = alerts(alice, m);
        assertThat(found).hasSize(1);
        JsonNode a = found.getFirst();
        assertThat(a.get("resource_id").asText()).isEqualTo(hit);
        assertThat(a.get("snippet").asText()).contains("<mark>");
        assertThat(a.get("score").asDouble()).isPositive();
        assertThat(a.get("is_read").asBoolean()).isFalse();
        assertThat(a.get("delivery").isNull()).isTrue();
        // an unrelated change (no text) queues nothing; matching again raises nothing new
        matched();
        assertThat(alerts(alice, m)).hasSize(1);
    }

    @Test
    void readiness_shows_the_match_queue_and_the_pending_webhooks() {
        monitor(alice, Map.of("name", "gulls", "query", "gull"));
        resource(Map.of("title", "Gull counts", "content", "Forty gulls on the pier."));
        matched();
        JsonNode section = alice.get("/health/ready").json().get("monitors");
        assertThat(section.get("status").asText()).isEqualTo("ok");
        assertThat(section.get("match_queue_depth").asLong()).isZero();
        assertThat(section.get("pending_webhooks").isIntegralNumber()).isTrue();
    }

    @Test
    void an_edit_that_makes_a_resource_match_raises_one_alert() {
        String m = monitor(alice, Map.of("name", "tides", "query", "\"spring tide\""));
        String id = resource(Map.of("title", "Harbour log", "content", "calm water all day"));
        matched();
        assertThat(alerts(alice, m)).isEmpty();
        Api.Response r = alice.patch("/api/v1/resources/" + id, Api.json(Map.of("content", "a spring tide flooded the quay")), "\"1\"");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        matched();
        assertThat(alerts(alice, m)).singleElement().satisfies(a -> assertThat(a.get("resource_id").asText()).isEqualTo(id));
    }

    @Test
    void a_stemmed_word_matches_as_it_does_in_search() {
        String m = monitor(alice, Map.of("name", "crying", "query", "cries"));
        String id = resource(Map.of("title", "Night log", "content", "The gull cried over the harbour."));
        matched();
        assertThat(alerts(alice, m)).singleElement().satisfies(a -> assertThat(a.get("resource_id").asText()).isEqualTo(id));
        assertThat(alice.get("/api/v1/search?mode=keyword&q=cries").json().get("results")).anySatisfy(
                h -> assertThat(h.get("resource").get("id").asText()).isEqualTo(id));
    }

    @Test
    void a_matching_resource_that_changes_again_re_arms_its_one_alert() {
        String m = monitor(alice, Map.of("name", "reefs", "query", "reef"));
        String id = resource(Map.of("title", "The outer reef", "content", "coral"));
        matched();
        String alert = alerts(alice, m).getFirst().get("id").asText();
        alice.post("/api/v1/alerts:mark-read", Api.json(Map.of("ids", List.of(alert))));
        alice.patch("/api/v1/resources/" + id, Api.json(Map.of("content", "the reef at low water")), "\"1\"");
        matched();
        assertThat(alerts(alice, m)).singleElement().satisfies(a -> {
            assertThat(a.get("id").asText()).isEqualTo(alert);
            assertThat(a.get("is_read").asBoolean()).as("unread again").isFalse();
        });
    }

    @Test
    void filters_decide_which_resources_a_monitor_sees() {
        String m = monitor(alice, Map.of("name", "papers on comets", "query", "comet", "filters", Map.of("type", "paper")));
        resource(Map.of("title", "Comet sightings", "type", "note"));
        String paper = resource(Map.of("title", "Comet orbits", "type", "paper"));
        matched();
        assertThat(alerts(alice, m)).singleElement().satisfies(a -> assertThat(a.get("resource_id").asText()).isEqualTo(paper));
    }

    @Test
    void a_paused_monitor_raises_nothing_until_resumed() {
        String m = monitor(alice, Map.of("name", "owls", "query", "owl"));
        assertThat(alice.patch("/api/v1/monitors/" + m, "{\"paused\":true}", null).json().get("paused").asBoolean()).isTrue();
        resource(Map.of("title", "The barn owl"));
        matched();
        assertThat(alerts(alice, m)).isEmpty();
        alice.patch("/api/v1/monitors/" + m, "{\"paused\":false}", null);
        resource(Map.of("title", "Owl pellets"));
        matched();
        assertThat(alerts(alice, m)).hasSize(1);
    }

    @Test
    void another_users_monitor_and_its_alerts_are_not_found() {
        String m = monitor(alice, Map.of("name", "private", "query", "secretword"));
        assertThat(bob.get("/api/v1/monitors/" + m).status()).isEqualTo(404);
        assertThat(bob.patch("/api/v1/monitors/" + m, "{\"name\":\"mine\"}", null).status()).isEqualTo(404);
        assertThat(bob.delete("/api/v1/monitors/" + m).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/alerts?monitor_id=" + m).status()).isEqualTo(404);
        assertThat(bob.post("/api/v1/alerts:mark-read", Api.json(Map.of("monitor_id", m))).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/monitors").json().get("items")).noneSatisfy(x -> assertThat(x.get("id").asText()).isEqualTo(m));
        assertThat(alice.get("/api/v1/monitors/" + m).json().has("webhook_secret")).as("the secret is shown once").isFalse();
    }

    @Test
    void mark_read_and_unread_counts() {
        String m = monitor(alice, Map.of("name", "volcanoes", "query", "volcano"));
        for (int i = 0; i < 3; i++) resource(Map.of("title", "Volcano number " + i));
        matched();
        List<JsonNode> three = alerts(alice, m);
        assertThat(three).hasSize(3);
        assertThat(alice.get("/api/v1/alerts/counts").json().get("unread").get(m).asLong()).isEqualTo(3);
        Api.Response r = alice.post("/api/v1/alerts:mark-read", Api.json(Map.of("ids", List.of(three.get(0).get("id").asText()))));
        assertThat(r.json().get("marked").asInt()).isEqualTo(1);
        assertThat(alice.get("/api/v1/alerts/counts").json().get("unread").get(m).asLong()).isEqualTo(2);
        JsonNode listed = alice.get("/api/v1/monitors").json().get("items");
        listed.forEach(x -> { if (x.get("id").asText().equals(m)) assertThat(x.get("unread_alerts").asLong()).isEqualTo(2); });
        List<JsonNode> ordered = alerts(alice, m);
        assertThat(ordered.getLast().get("is_read").asBoolean()).as("unread first").isTrue();
        // bob cannot mark alice's alerts
        assertThat(bob.post("/api/v1/alerts:mark-read", Api.json(Map.of("ids", List.of(three.get(1).get("id").asText())))).json().get("marked").asInt()).isZero();
        alice.post("/api/v1/alerts:mark-read", Api.json(Map.of("monitor_id", m)));
        assertThat(alice.get("/api/v1/alerts/counts").json().get("unread").get(m).asLong()).isZero();
    }

    @Test
    void alerts_page_with_a_cursor() {
        String m = monitor(alice, Map.of("name", "glaciers", "query", "glacier"));
        for (int i = 0; i < 5; i++) resource(Map.of("title", "Glacier " + i));
        matched();
        JsonNode first = alice.get("/api/v1/alerts?monitor_id=" + m + "&limit=2").json();
        assertThat(first.get("items")).hasSize(2);
        List<String> seen = new ArrayList<>();
        first.get("items").forEach(a -> seen.add(a.get("id").asText()));
        String cursor = first.get("next_cursor").asText();
        while (cursor != null) {
            JsonNode page = alice.get("/api/v1/alerts?monitor_id=" + m + "&limit=2&cursor=" + cursor).json();
            page.get("items").forEach(a -> seen.add(a.get("id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        }
        assertThat(seen).hasSize(5).doesNotHaveDuplicates();
        assertProblem(alice.get("/api/v1/alerts?cursor=nonsense"), 400, "cursor");
    }

    @Test
    void bad_input_names_the_field() {
        assertProblem(alice.post("/api/v1/monitors", "{\"query\":\"x\"}"), 422, "name");
        assertProblem(alice.post("/api/v1/monitors", "{\"name\":\"n\",\"query\":\"x\",\"mode\":\"semantic\"}"), 422, "mode");
        assertProblem(alice.post("/api/v1/monitors", "{\"name\":\"n\",\"query\":\"x\",\"filters\":{\"colour\":\"red\"}}"), 422, "filters.colour");
        assertProblem(alice.post("/api/v1/monitors", "{\"name\":\"n\",\"query\":\"x\",\"webhook_url\":\"ftp://example.org\"}"), 422, "webhook_url");
        assertProblem(alice.post("/api/v1/alerts:mark-read", "{}"), 422, "ids");
        assertProblem(alice.get("/api/v1/alerts?monitor_id=nope"), 400, "monitor_id");
    }

    @Test
    void deleting_a_monitor_deletes_its_alerts() {
        String m = monitor(alice, Map.of("name", "quasars", "query", "quasar"));
        resource(Map.of("title", "A quasar"));
        matched();
        assertThat(alerts(alice, m)).hasSize(1);
        assertThat(alice.delete("/api/v1/monitors/" + m).status()).isEqualTo(204);
        assertThat(alice.get("/api/v1/monitors/" + m).status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/alerts").json().get("items")).noneSatisfy(a -> assertThat(a.get("monitor_id").asText()).isEqualTo(m));
    }
}
