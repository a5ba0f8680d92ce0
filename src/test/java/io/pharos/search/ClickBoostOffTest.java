package io.pharos.search;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClickBoostOffTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none", "PHAROS_SEARCH_CLICK_BOOST", "false"));

    @Test
    void with_the_boost_off_clicks_are_stored_but_do_not_reorder() {
        Api api = server.api();
        api.post("/api/v1/resources", Api.json(Map.of("title", "A", "content", "dock dock dock")));
        String low = api.post("/api/v1/resources", Api.json(Map.of("title", "B", "content", "dock"))).json().get("id").asText();
        for (int s = 0; s < 5; s++) {
            assertThat(api.post("/api/v1/search/clicks", Api.json(Map.of("query", "dock", "resource_id", low, "position", 1, "session_id", "s" + s))).status()).isEqualTo(201);
        }
        var results = api.get("/api/v1/search?mode=keyword&q=dock").json().get("results");
        assertThat(results.get(1).get("resource").get("id").asText()).isEqualTo(low);
    }
}
