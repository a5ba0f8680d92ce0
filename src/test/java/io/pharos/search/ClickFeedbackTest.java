package io.pharos.search;

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

import static org.assertj.core.api.Assertions.assertThat;

/** Click feedback counts distinct callers (each a user with a key here), never the session ids a client invents. */
class ClickFeedbackTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    static final List<Api> callers = new ArrayList<>();

    @BeforeAll
    static void users() {
        for (int i = 0; i < 5; i++) callers.add(TestUsers.create(server, "Reader " + i, i == 0 ? Role.ADMIN : Role.USER).api());
    }

    static List<String> ids(Api api, String q) {
        JsonNode r = api.get("/api/v1/search?mode=keyword&limit=10&q=" + q).json();
        List<String> out = new ArrayList<>();
        r.get("results").forEach(h -> out.add(h.get("resource").get("id").asText()));
        return out;
    }

    @Test
    void a_result_clicked_by_several_callers_climbs_for_its_query_and_nothing_else_changes() {
        Api api = callers.getFirst();
        for (int i = 1; i <= 6; i++) {
            // "harbour" appears i times: resource 6 ranks first, resource 1 last
            api.post("/api/v1/resources", Api.json(Map.of("title", "Port " + i, "content", "harbour ".repeat(i) + "lighthouse ships")));
        }
        List<String> before = ids(api, "harbour");
        List<String> otherBefore = ids(api, "lighthouse");
        assertThat(before).hasSize(6);
        String clicked = before.get(3);

        for (int s = 0; s < 5; s++) {
            var r = callers.get(s).post("/api/v1/search/clicks", Api.json(Map.of("query", "Harbour", "resource_id", clicked,
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
                assertThat(h.get("explain").get("click_boost").get("callers").asInt()).isEqualTo(5);
                assertThat(h.get("explain").get("click_boost").get("factor").asDouble()).isLessThanOrEqualTo(1.5);
            }
        });
    }

    @Test
    void one_caller_inventing_session_ids_counts_once() {
        Api api = callers.getFirst();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ids.add(api.post("/api/v1/resources", Api.json(Map.of("title", "Quay " + i, "content", "mooring ".repeat(i) + "rope"))).json().get("id").asText());
        }
        List<String> before = ids(api, "mooring");
        String clicked = before.get(4);
        for (int s = 0; s < 5; s++) {
            var r = api.post("/api/v1/search/clicks", Api.json(Map.of("query", "mooring", "resource_id", clicked, "position", 4, "session_id", "invented-" + s)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        JsonNode explained = api.get("/api/v1/search?mode=keyword&explain=true&q=mooring").json().get("results");
        explained.forEach(h -> {
            if (h.get("resource").get("id").asText().equals(clicked)) {
                assertThat(h.get("explain").get("click_boost").get("callers").asInt()).isEqualTo(1);
                assertThat(h.get("explain").get("click_boost").get("factor").asDouble()).isCloseTo(1 + ClickBoost.MAX_LIFT / ClickBoost.SATURATION,
                        org.assertj.core.data.Offset.offset(1e-9));
            }
        });
        assertThat(ids(api, "mooring").indexOf(clicked)).as("one caller's factor 1.1 lifts rank 5 one place at most").isGreaterThanOrEqualTo(3);
    }

    @Test
    void clicks_are_validated_field_by_field() {
        Api api = callers.getFirst();
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x", "resource_id", "nope", "position", 1, "session_id", "s")))
                .json().get("field").asText()).isEqualTo("resource_id");
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x", "resource_id", "00000000-0000-0000-0000-000000000000",
                "position", 1, "session_id", "s"))).status()).isEqualTo(422);
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x", "resource_id", "00000000-0000-0000-0000-000000000000",
                "position", -1, "session_id", "s"))).json().get("field").asText()).isEqualTo("position");
        assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "x\u0000"))).status()).isEqualTo(422);
    }
}
