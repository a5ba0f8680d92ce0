package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Words in more than half of the chunks add next to nothing to BM25 (the idf floor) on both databases:
 * a rarer word decides the order, and a query of common words alone still finds its chunks.
 */
class CommonWordSearchTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    static Api api;

    // every resource (one chunk each) says "database" and "storage"; two of eight say "checkpoint"
    static final List<String> ALL = List.of("Checkpoint tuning", "Checkpoint internals", "Database storage formats",
            "Indexes", "Vacuum", "Replication", "Backups", "Locks");

    @BeforeAll
    static void library() {
        api = server.api();
        create("Checkpoint tuning", "A checkpoint flushes dirty pages to storage; the database tunes how often.");
        create("Checkpoint internals", "Inside the database, each checkpoint writes a record to storage.");
        create("Database storage formats", "How the database storage is laid out in pages on disk.");
        create("Indexes", "An index is a sorted copy of some columns, kept in database storage next to the table.");
        create("Vacuum", "Vacuum gives storage back after rows were deleted from the database.");
        create("Replication", "Replicas copy the database log and apply it to their own storage.");
        create("Backups", "A backup copies the database; restoring it needs as much storage again.");
        create("Locks", "Locks order writers in the database; they take little storage.");
    }

    static void create(String title, String content) {
        var r = api.post("/api/v1/resources", Api.json(Map.of("title", title, "content", content)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    static List<String> titles(String q) {
        var r = api.get("/api/v1/search?mode=keyword&limit=20&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("results").forEach((JsonNode h) -> out.add(h.get("resource").get("title").asText()));
        return out;
    }

    @Test
    void a_rare_word_ranks_its_chunks_ahead_of_a_common_word_even_in_titles() {
        List<String> found = titles("database checkpoint");
        assertThat(found.subList(0, 2)).containsExactlyInAnyOrder("Checkpoint tuning", "Checkpoint internals");
        assertThat(found).as("the chunks holding only the common word follow").containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    void a_query_of_common_words_only_still_finds_their_chunks() {
        assertThat(titles("database")).startsWith("Database storage formats").containsExactlyInAnyOrderElementsOf(ALL);
        assertThat(titles("storage database")).containsExactlyInAnyOrderElementsOf(ALL);
    }

    @Test
    void a_phrase_of_common_words_finds_the_chunks_holding_it() {
        assertThat(titles("\"database storage\"")).containsExactlyInAnyOrder("Database storage formats", "Indexes");
        assertThat(titles("database -checkpoint")).containsExactlyInAnyOrderElementsOf(ALL.subList(2, ALL.size()));
    }
}
