package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.pharos.Pharos;
import io.pharos.common.ConfigurationException;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The optional OpenAI-compatible endpoint, played by a tiny JDK HTTP server on loopback. */
class HttpEmbeddingsTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final ObjectMapper JSON = new ObjectMapper();
    static HttpServer fake;
    static final AtomicInteger dimension = new AtomicInteger(384);
    static final AtomicReference<String> lastAuthorization = new AtomicReference<>();

    @BeforeAll
    static void startFake() throws IOException {
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.createContext("/v1/embeddings", exchange -> {
            lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            List<Map<String, Object>> data = new ArrayList<>();
            int i = 0;
            for (JsonNode input : body.get("input")) data.add(Map.of("index", i++, "embedding", vector(input.asText())));
            byte[] out = JSON.writeValueAsBytes(Map.of("object", "list", "data", data, "model", body.get("model").asText()));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        fake.start();
    }

    /** A bag-of-words vector: texts sharing words point the same way. */
    static float[] vector(String text) {
        float[] v = new float[dimension.get()];
        for (String w : text.toLowerCase().split("\\W+")) if (!w.isEmpty()) v[Math.floorMod(w.hashCode(), v.length)] += 1;
        v[0] += 0.01f;
        return v;
    }

    @AfterAll
    static void stopFake() {
        fake.stop(0);
    }

    static String url() {
        return "http://127.0.0.1:" + fake.getAddress().getPort() + "/v1";
    }

    @Test
    void semantic_search_uses_the_endpoint_with_the_key() throws Exception {
        dimension.set(384);
        try (Pharos pharos = Pharos.start(db.settings(Map.of("PHAROS_EMBEDDINGS_URL", url(), "PHAROS_EMBEDDINGS_MODEL", "fake-embed",
                "PHAROS_EMBEDDINGS_KEY", "sk-test-123")))) {
            Api api = new Api(pharos.port());
            api.post("/api/v1/resources", Api.json(Map.of("title", "Harbour", "content", "boats moor in the harbour")));
            api.post("/api/v1/resources", Api.json(Map.of("title", "Desert", "content", "camels cross sand dunes")));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (pharos.library().search().index().queueDepth() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
            io.pharos.testing.TestServer.awaitReplicas(pharos);   // background writes reach read replicas a little later
            JsonNode r = api.get("/api/v1/search?mode=semantic&q=camels%20sand&limit=1").json();
            assertThat(r.get("results").get(0).get("resource").get("title").asText()).isEqualTo("Desert");
            assertThat(lastAuthorization.get()).isEqualTo("Bearer sk-test-123");
            String health = api.get("/health/ready").body();
            assertThat(health).contains("fake-embed").doesNotContain("sk-test-123");
        }
    }

    @Test
    void a_wrong_dimension_stops_the_start_naming_the_setting() {
        dimension.set(768);
        try {
            assertThatThrownBy(() -> Pharos.start(db.settings(Map.of("PHAROS_EMBEDDINGS_URL", url()))))
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("768").hasMessageContaining("384")
                    .extracting(e -> ((ConfigurationException) e).field()).isEqualTo("PHAROS_EMBEDDINGS_MODEL");
        } finally {
            dimension.set(384);
        }
    }

    @Test
    void an_unreachable_endpoint_stops_the_start_naming_the_setting() {
        assertThatThrownBy(() -> Pharos.start(db.settings(Map.of("PHAROS_EMBEDDINGS_URL", "http://127.0.0.1:1/v1"))))
                .isInstanceOf(ConfigurationException.class)
                .extracting(e -> ((ConfigurationException) e).field()).isEqualTo("PHAROS_EMBEDDINGS_URL");
    }
}
