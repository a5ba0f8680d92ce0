package io.pharos.search;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PHAROS_EMBEDDINGS=none: keyword search only; semantic requests fail clearly, naming the setting. */
class EmbeddingsOffTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    @Test
    void keyword_search_works_and_semantic_and_hybrid_name_the_setting() {
        Api api = server.api();
        api.post("/api/v1/resources", Api.json(Map.of("title", "Lighthouses", "content", "A lighthouse guides ships.")));
        assertThat(api.get("/api/v1/search?q=lighthouse&mode=keyword").json().get("results")).hasSize(1);
        assertThat(api.get("/api/v1/search?q=lighthouse").json().get("mode").asText()).isEqualTo("keyword");
        for (String mode : new String[] {"semantic", "hybrid"}) {
            var r = api.get("/api/v1/search?q=lighthouse&mode=" + mode);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).isEqualTo("mode");
            assertThat(r.json().get("detail").asText()).contains("PHAROS_EMBEDDINGS=none");
        }
        assertThat(api.post("/api/v1/search/semantic", Api.json(Map.of("q", "ships"))).json().get("detail").asText()).contains("PHAROS_EMBEDDINGS");
        var health = api.get("/health/ready").json().get("search");
        assertThat(health.get("semantic").asBoolean()).isFalse();
        assertThat(health.get("embeddings").asText()).contains("none");
    }
}
