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

/** Keyword, semantic and hybrid search through the API, the same on both databases (real embedding model). */
class SearchApiTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    static Api api;

    @BeforeAll
    static void library() {
        api = server.api();
        create("Write-Ahead Logging", "webpage", "en", "The write-ahead log (WAL) is an alternative to the rollback journal. "
                + "A checkpoint moves pages from the WAL file back into the database file.\n\n## Checkpoints\n\nCheckpointing runs automatically.");
        create("VACUUM", "webpage", "en", "The VACUUM command rebuilds the database file, repacking it into a minimal amount of disk space. "
                + "Deleted rows leave free pages behind; vacuum reclaims that space.");
        create("Window Functions", "webpage", "en", "A window function computes a value over a set of rows related to the current row. "
                + "row_number() numbers rows within each partition, starting at 1.");
        create("Baking bread at home", "article", "en", "Knead the dough, let it rise for an hour, and bake at 220 degrees. "
                + "A sourdough starter gives bread its sour taste.");
        create("Tuning <script>alert(1)</script> & friends", "article", "de", "Escaping matters: <b>tags</b> & ampersands in text about tuning.");
        server.awaitEmbeddings();
    }

    static void create(String title, String type, String language, String content) {
        var r = api.post("/api/v1/resources", Api.json(Map.of("title", title, "type", type, "language", language, "content", content, "source", title + ".html")));
        assertThat(r.status()).isEqualTo(201);
    }

    static JsonNode search(String q, String mode, String extra) {
        var r = api.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&mode=" + mode + extra);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> titles(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("results").forEach(h -> out.add(h.get("resource").get("title").asText()));
        return out;
    }

    @Test
    void keyword_search_ranks_the_matching_resource_first_with_a_highlighted_snippet() {
        JsonNode r = search("checkpoint", "keyword", "");
        assertThat(titles(r)).first().isEqualTo("Write-Ahead Logging");
        JsonNode hit = r.get("results").get(0);
        assertThat(hit.get("snippet").asText()).containsPattern("<mark>[Cc]heckpoint\\w*</mark>");
        assertThat(hit.get("chunk_id").asLong()).isPositive();
    }

    @Test
    void or_phrases_and_exclusions_work_alike_on_both_databases() {
        assertThat(titles(search("vacuum OR sourdough", "keyword", ""))).containsExactlyInAnyOrder("VACUUM", "Baking bread at home");
        assertThat(titles(search("\"rollback journal\"", "keyword", ""))).containsExactly("Write-Ahead Logging");
        assertThat(titles(search("\"journal rollback\"", "keyword", ""))).isEmpty();
        assertThat(titles(search("database -wal", "keyword", ""))).contains("VACUUM").doesNotContain("Write-Ahead Logging");
    }

    @Test
    void title_matches_weigh_more_than_body_matches() {
        // "vacuum" is the title of one resource and appears once in passing nowhere else; "window" likewise
        assertThat(titles(search("window vacuum", "keyword", ""))).startsWith("VACUUM").contains("Window Functions");
    }

    @Test
    void snippets_escape_html_around_the_marks() {
        JsonNode hit = search("tuning", "keyword", "").get("results").get(0);
        String snippet = hit.get("snippet").asText();
        assertThat(snippet).contains("&lt;b&gt;tags&lt;/b&gt; &amp; ampersands").contains("<mark>tuning</mark>").doesNotContain("<b>");
    }

    @Test
    void a_typo_in_a_title_word_still_finds_it() {
        assertThat(titles(search("vacum", "keyword", ""))).contains("VACUUM");
    }

    @Test
    void filters_restrict_every_mode() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            // no similarity floor: the German page is far from the query, and the filter must still find it
            assertThat(titles(search("database bread tuning", mode, "&type=article&min_similarity=-1"))).as(mode)
                    .isNotEmpty().allSatisfy(t -> assertThat(t).isIn("Baking bread at home", "Tuning <script>alert(1)</script> & friends"));
            assertThat(titles(search("database bread tuning", mode, "&language=de&min_similarity=-1"))).as(mode)
                    .containsExactly("Tuning <script>alert(1)</script> & friends");
        }
        assertThat(titles(search("database", "keyword", "&created_after=2999-01-01"))).isEmpty();
        assertThat(titles(search("database", "keyword", "&min_quality=0.5"))).isEmpty();
    }

    @Test
    void semantic_search_finds_meaning_without_shared_words() {
        assertThat(titles(search("how do I get disk space back after removing lots of records", "semantic", "&limit=2"))).contains("VACUUM");
        assertThat(titles(search("number each row per group", "semantic", "&limit=2"))).contains("Window Functions");
    }

    @Test
    void hybrid_fuses_both_lists_and_explains_each_hit() {
        JsonNode r = search("reclaim free disk space", "hybrid", "&explain=true");
        JsonNode first = r.get("results").get(0);
        assertThat(first.get("resource").get("title").asText()).isEqualTo("VACUUM");
        JsonNode explain = first.get("explain");
        assertThat(explain.get("fusion").get("method").asText()).isIn("convex", "rrf");
        assertThat(explain.get("fusion").get("score").asDouble()).isPositive();
        assertThat(explain.get("keyword").get("rank").asInt()).isEqualTo(1);
        assertThat(explain.get("semantic").get("rank").asInt()).isPositive();
        assertThat(explain.get("semantic").get("score").asDouble()).isBetween(-1.0, 1.0);
        assertThat(search("reclaim free disk space", "hybrid", "").get("results").get(0).has("explain")).isFalse();
    }

    @Test
    void min_similarity_cuts_the_semantic_branch() {
        assertThat(titles(search("sourdough bread", "semantic", "&min_similarity=0.99"))).isEmpty();
        assertThat(titles(search("sourdough bread", "semantic", "&min_similarity=0.3"))).first().isEqualTo("Baking bread at home");
    }

    @Test
    void pages_follow_limit_and_offset() {
        List<String> all = titles(search("database OR bread OR window OR tuning OR wal", "keyword", "&limit=10"));
        assertThat(all).hasSize(5);
        assertThat(titles(search("database OR bread OR window OR tuning OR wal", "keyword", "&limit=2&offset=2"))).isEqualTo(all.subList(2, 4));
    }

    @Test
    void document_search_endpoints_take_q_k_rrf_k_and_min_similarity() {
        var r = api.post("/api/v1/search/hybrid", Api.json(Map.of("q", "write-ahead log checkpoint", "k", 2, "rrf_k", 10, "min_similarity", 0.1)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(titles(r.json())).hasSizeLessThanOrEqualTo(2).first().isEqualTo("Write-Ahead Logging");
        assertThat(titles(api.post("/search", Api.json(Map.of("q", "sourdough"))).json())).containsExactly("Baking bread at home");
        assertThat(titles(api.post("/search/semantic", Api.json(Map.of("q", "bread baking", "k", 1))).json())).containsExactly("Baking bread at home");
        assertThat(api.post("/api/v1/search", Api.json(Map.of("q", "x", "k", 0))).status()).isEqualTo(422);
        assertThat(api.post("/api/v1/search", Api.json(Map.of("query", "x"))).status()).isEqualTo(422);
    }

    @Test
    void similar_resources_come_from_embeddings_and_exclude_the_resource_itself() {
        String id = search("Write-Ahead Logging", "keyword", "").get("results").get(0).get("resource").get("id").asText();
        var r = api.get("/api/v1/resources/" + id + "/similar?limit=2");
        assertThat(r.status()).isEqualTo(200);
        List<String> similar = titles(r.json());
        assertThat(similar).hasSize(2).doesNotContain("Write-Ahead Logging");
        assertThat(api.get("/api/v1/resources/00000000-0000-0000-0000-000000000000/similar").status()).isEqualTo(404);
    }

    @Test
    void bad_parameters_are_400_naming_the_parameter() {
        assertThat(api.get("/api/v1/search?q=x&mode=fuzzy").json().get("field").asText()).isEqualTo("mode");
        assertThat(api.get("/api/v1/search").json().get("field").asText()).isEqualTo("q");
        assertThat(api.get("/api/v1/search?q=x&limit=0").status()).isEqualTo(400);
        assertThat(api.get("/api/v1/search?q=x&explain=maybe").status()).isEqualTo(400);
    }

    @Test
    void updates_and_deletes_reach_the_index() {
        var created = api.post("/api/v1/resources", Api.json(Map.of("title", "Temporary", "content", "zanzibar quokka"))).json();
        String id = created.get("id").asText();
        assertThat(titles(search("quokka", "keyword", ""))).containsExactly("Temporary");
        api.patch("/api/v1/resources/" + id, Api.json(Map.of("content", "platypus only")), "\"1\"");
        assertThat(titles(search("quokka", "keyword", ""))).isEmpty();
        assertThat(titles(search("platypus", "keyword", ""))).containsExactly("Temporary");
        api.delete("/api/v1/resources/" + id);
        assertThat(titles(search("platypus", "keyword", ""))).isEmpty();
    }
}
