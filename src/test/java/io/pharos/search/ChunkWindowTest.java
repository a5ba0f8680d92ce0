package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunks fit the model's window (all-MiniLM-L6-v2 reads 128 tokens), so a sentence deep inside a long
 * section is embedded too: with 200-word chunks the model never saw it.
 */
class ChunkWindowTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static Api api;

    private static final String HIKING = """
            The trail leaves the village past the old mill and climbs through beech woods towards the ridge. \
            After an hour the trees thin out and the path follows a stream across high meadows full of cows. \
            Walkers should carry water, a warm jacket and a map, because fog can come down quickly in the afternoon. \
            The hut at the pass serves soup and cake from June to September and has twenty beds for the night. \
            From the summit cairn the view reaches the lakes in the south and the glaciers in the west on clear days. \
            The descent on the far side is steep and loose, so poles help, and the bus back leaves at six.\s""";

    @BeforeAll
    static void library() {
        api = server.api();
        String manual = HIKING.repeat(3) + "To make the database file smaller after deleting many rows, run the VACUUM command, "
                + "which rebuilds the file and returns the free pages to the operating system.";
        create("Field notes", manual);
        create("Mountain walks", HIKING.repeat(2));
        server.awaitEmbeddings();
    }

    static void create(String title, String content) {
        var r = api.post("/api/v1/resources", Api.json(Map.of("title", title, "content", content)));
        assertThat(r.status()).isEqualTo(201);
    }

    @Test
    void semantic_search_finds_a_sentence_deep_inside_a_long_section() {
        var r = api.get("/api/v1/search?mode=semantic&limit=2&min_similarity=-1&q="
                + URLEncoder.encode("shrink the database after removing lots of records", StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode hits = r.json().get("results");
        assertThat(hits.get(0).get("resource").get("title").asText()).isEqualTo("Field notes");
        assertThat(hits.get(0).get("snippet").asText()).contains("VACUUM");
        // the hiking text alone is far from the question; the sentence about VACUUM is close
        assertThat(hits.get(0).get("score").asDouble()).isGreaterThan(hits.get(1).get("score").asDouble() + 0.2);
    }
}
