package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClickFeedbackTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    static List<String> ids(Api api, String q) {
        JsonNode r = api.get("/api/v1/search?mode=keyword&limit=10&q=" + q).json();
        List<String> out = new ArrayList<>();
        r.get("results").forEach(h -> out.add(h.get("resource").get("id").asText()));
        return out;
    }

    @Test
    void a_repeatedly_clicked_result_climbs_for_its_query_and_nothing_else_changes() {
        Api api = server.api();
        for (int i = 1; i <= 6; i++) {
            // "harbour" appears i times: resource 6 ranks first, resource 1 last
            api.post("/api/v1/resources", Api.json(Map.of("title", "Port " + i, "content", "harbour ".repeat(i) + "lighthouse ships")));
        }
        List<String> before = ids(api, "harbour");
        List<String> otherBefore = ids(api, "lighthouse");
        assertThat(before).hasSize(6);
        String clicked = before.get(3);

        for (int s = 0; s < 5; s++) {
            var r = api.post("/api/v1/search/clicks", Api.json(Map.of("query", "Harbour", "resource_id", clicked,
                    "position", 3, "session_id", "session-" + s, "dwell_time_ms", 12000)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        List<String> after = ids(api, "harbour");
        assertThat(after.indexOf(clicked)).isLessThan(3);
        List<String> othersBefore = new ArrayList<>(before);
        othersBefore.remove(clicked);
        List<String> othersAfter = new ArrayList<>(after);
        othersAfter.remove(clicked);
        assertThat(othersAfter).as("results nobody clicked keep their order").isEqualTo(othersBefore);
        assertThat(ids(api, "lighthouse")).as("another query is not affected").isEqualTo(otherBefore);

        JsonNode explained = api.get("/api/v1/search?mode=keyword&explain=true&q=harbour").json().get("results");
        explained.forEach(h -> {
            if (h.get("resource").get("id").asText().equals(clicked)) {
                assertThat(h.get("explain").get("click_boost").get("sessions").asInt()).isEqualTo(5);
                assertThat(h.get("explain").get("click_boost").get("factor").asDouble()).isLessThanOrEqualTo(1.5);
            }
        });
    }

    @Test
    void the_same_session_clicking_again_does_not_count_twice() {
        Api api = server.api();
        String id = api.post("/api/v1/resources", Api.json(Map.of("title", "Quay", "content", "mooring mooring"))).json().get("id").asText();
        for (int i = 0; i < 3; i++) {
            api.post("/api/v1/search/clicks", Api.json(Map.of("query", "mooring", "resource_id", id, "position", 0, "session_id", "one")));
        }
        JsonNode hit = api.get("/api/v1/search?mode=keyword&explain=true&q=mooring").json().get("results").get(0);
        assertThat(hit.get("explain").get("click_boost").get("sessions").asInt()).isEqualTo(1);
    }

    @Test
    void clicks_are_validated_field_by_field() {
        Api api = server.api();
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x", "resource_id", "nope", "position", 1, "session_id", "s")))
                .json().get("field").asText()).isEqualTo("resource_id");
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x", "resource_id", "00000000-0000-0000-0000-000000000000",
                "position", 1, "session_id", "s"))).status()).isEqualTo(422);
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x", "resource_id", "00000000-0000-0000-0000-000000000000",
                "position", -1, "session_id", "s"))).json().get("field").asText()).isEqualTo("position");
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x\u0000"))).status()).isEqualTo(422);
    }
}
