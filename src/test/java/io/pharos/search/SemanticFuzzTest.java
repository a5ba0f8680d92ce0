package io.pharos.search;

import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Odd query strings through the embedding model too (hybrid mode): lone surrogates, controls, long text. */
class SemanticFuzzTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    @Test
    void a_thousand_odd_queries_in_hybrid_mode_never_make_a_server_error() {
        Api api = server.api();
        api.post("/api/v1/resources", Api.json(Map.of("title", "Harbour lights", "content", "Ships enter the harbour at dusk. 日本語 😀")));
        server.awaitEmbeddings();
        Random random = new Random(4);
        for (int i = 0; i < 1_000; i++) {
            StringBuilder s = new StringBuilder();
            int parts = 1 + random.nextInt(6);
            for (int p = 0; p < parts; p++) {
                if (random.nextBoolean()) s.append(SearchFuzzTest.PIECES[random.nextInt(SearchFuzzTest.PIECES.length)]).append(' ');
                else s.appendCodePoint(random.nextInt(0x2FFFF));
            }
            if (i % 250 == 249) s.append("lighthouse ".repeat(90));   // ~1,000 characters: beyond the model's window
            String q = s.toString();
            var r = i % 2 == 0
                    ? api.get("/api/v1/search?mode=hybrid&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
                    : api.post("/api/v1/search/hybrid", Api.json(Map.of("q", q)));
            assertThat(r.status()).as("query #%d -> %s", i, r.body()).isIn(200, 400, 414, 422);
        }
    }
}
