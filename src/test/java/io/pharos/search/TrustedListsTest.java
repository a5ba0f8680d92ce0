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
 * Result lists a user can trust (issue #13), on both databases with the real embedding model: full pages
 * that neither overlap nor skip, exclusions that exclude in every mode, a relevance floor, hits that tell
 * pages of the same title apart, and hits without the whole content unless asked.
 */
class TrustedListsTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_CHUNK_TOKENS", "64"));

    static Api api;
    static final int NOTES = 12;

    @BeforeAll
    static void library() {
        api = server.api();
        // one long page whose every section is about operators: its chunks are the best a hundred times over
        StringBuilder manual = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            manual.append("## Operators, part ").append(i).append("\n\nThe operators of SQL expressions: binary operators, unary operators, "
                    + "comparison operators and the concatenation operator. Operators bind by precedence; operators of equal precedence "
                    + "group left to right.\n\n");
        }
        create("SQL Language Expressions", manual.toString(), "lang_expr.html");
        for (int i = 1; i <= NOTES; i++) {
            create("Note " + i, "A short note about tables and columns that mentions operators once, number " + i + ".", "notes/" + i + ".html");
        }
        create("Sourdough Bread Basics", "Mix flour and water, knead the dough, let the loaf rise overnight and bake the bread hot.", "bread/basics.html");
        create("Sourdough starter care", "Feed the starter every day so the bread dough rises; a starter care routine.", "bread/starter.html");
        create("Introduction", "## Getting started\n\nUnpack the widget and plug it in.", "widget/start.html");
        create("Introduction", "## Installing\n\nMount the widget on the wall with two screws.", "widget/install.html");
        create("Rye bread", "A dense bread of rye flour, baked in a tin.", "bread/rye.html");
        create("Flatbread on a griddle", "An unleavened bread dough rolled thin and cooked on a hot griddle.", "bread/flat.html");
        server.awaitEmbeddings();
    }

    static String create(String title, String content, String source) {
        var r = api.post("/api/v1/resources", Api.json(Map.of("title", title, "content", content, "source", source)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static JsonNode search(String q, String extra) {
        var r = api.get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + extra);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static List<String> ids(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("results").forEach(h -> out.add(h.get("resource").get("id").asText()));
        return out;
    }

    @Test
    void pages_hold_limit_distinct_resources_and_follow_on_without_overlap_or_gap() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            List<String> all = ids(search("operators", "&mode=" + mode + "&limit=50"));
            assertThat(all).as(mode).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(NOTES + 1);
            if (mode.equals("keyword")) assertThat(all).hasSize(NOTES + 1);
            for (int limit : List.of(2, 5)) {
                List<String> paged = new ArrayList<>();
                for (int offset = 0; offset < all.size() + limit; offset += limit) {
                    List<String> page = ids(search("operators", "&mode=" + mode + "&limit=" + limit + "&offset=" + offset));
                    assertThat(page).as(mode + " limit " + limit + " offset " + offset)
                            .hasSize(Math.max(0, Math.min(limit, all.size() - offset)));
                    paged.addAll(page);
                }
                assertThat(paged).as(mode + ": pages of " + limit + " one after another").isEqualTo(all);
            }
        }
    }

    static List<String> titles(JsonNode result) {
        List<String> out = new ArrayList<>();
        result.get("results").forEach(h -> out.add(h.get("resource").get("title").asText()));
        return out;
    }

    @Test
    void an_excluded_word_or_phrase_excludes_in_every_mode_and_every_fill() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            assertThat(titles(search("bread", "&mode=" + mode))).as(mode).contains("Sourdough Bread Basics", "Rye bread");
            // "bread" alone also reaches the typo-tolerant title fill; the exclusion holds there too
            assertThat(titles(search("bread -sourdough", "&mode=" + mode + "&limit=50"))).as(mode + " -sourdough")
                    .contains("Rye bread").noneMatch(t -> t.toLowerCase(java.util.Locale.ROOT).contains("sourdough"));
            assertThat(titles(search("bread -\"starter care\"", "&mode=" + mode + "&limit=50"))).as(mode + " -phrase")
                    .contains("Sourdough Bread Basics").doesNotContain("Sourdough starter care");
            assertThat(titles(search("breadd -sourdough", "&mode=" + mode + "&limit=50"))).as(mode + " typo -sourdough")
                    .noneMatch(t -> t.toLowerCase(java.util.Locale.ROOT).contains("sourdough"));
        }
    }

    @Test
    void nonsense_queries_find_nothing_above_the_similarity_floor_unless_min_similarity_lowers_it() {
        for (String mode : List.of("semantic", "hybrid")) {
            for (String q : List.of("tax return deadline", "\uD83C\uDF5E\uD83C\uDF5E")) {
                assertThat(titles(search(q, "&mode=" + mode))).as(mode + " '" + q + "'").isEmpty();
                assertThat(titles(search(q, "&mode=" + mode + "&min_similarity=-1"))).as(mode + " '" + q + "', floor lowered").isNotEmpty();
            }
            assertThat(titles(search("how do I bake a loaf at home", "&mode=" + mode))).as(mode).isNotEmpty()
                    .allSatisfy(t -> assertThat(t).doesNotStartWith("Note").isNotEqualTo("SQL Language Expressions"));
        }
    }

    @Test
    void two_pages_of_the_same_title_are_told_apart_by_source_and_heading() {
        for (String mode : List.of("keyword", "semantic", "hybrid")) {
            JsonNode hits = search("widget", "&mode=" + mode).get("results");
            List<String> apart = new ArrayList<>();
            hits.forEach(h -> {
                if (h.get("resource").get("title").asText().equals("Introduction")) {
                    apart.add(h.get("source").asText() + " / " + h.get("heading").asText());
                }
            });
            assertThat(apart).as(mode).containsExactlyInAnyOrder("widget/start.html / Getting started", "widget/install.html / Installing");
        }
    }

    @Test
    void hits_and_listings_carry_metadata_and_the_content_only_on_request() {
        var light = api.get("/api/v1/search?mode=keyword&q=operators");
        light.json().get("results").forEach(h -> assertThat(h.get("resource").has("content")).isFalse());
        JsonNode first = light.json().get("results").get(0);
        assertThat(first.get("resource").get("title").asText()).isEqualTo("SQL Language Expressions");
        assertThat(first.get("snippet").asText()).contains("<mark>");
        assertThat(first.get("source").asText()).isEqualTo("lang_expr.html");

        var full = api.get("/api/v1/search?mode=keyword&q=operators&include=content");
        assertThat(full.json().get("results").get(0).get("resource").get("content").asText()).contains("Operators, part 119");
        assertThat(light.body().length()).as("bytes without the content").isLessThan(full.body().length() / 3);
        assertThat(api.post("/api/v1/search", Api.json(Map.of("q", "operators", "include", "content"))).json()
                .get("results").get(0).get("resource").has("content")).isTrue();

        api.get("/api/v1/resources?limit=50").json().get("items").forEach(r -> assertThat(r.has("content")).isFalse());
        assertThat(api.get("/api/v1/resources?limit=50&include=content").json().get("items"))
                .allSatisfy(r -> assertThat(r.get("content").asText()).isNotEmpty());
        var bad = api.get("/api/v1/search?q=operators&include=everything");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("include");
        assertThat(api.get("/api/v1/resources?include=everything").json().get("field").asText()).isEqualTo("include");
    }
}
