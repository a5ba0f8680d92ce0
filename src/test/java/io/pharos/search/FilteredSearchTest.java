package io.pharos.search;

import io.pharos.Library;
import io.pharos.auth.Principal;
import io.pharos.auth.Role;
import io.pharos.collection.CollectionInput;
import io.pharos.collection.Visibility;
import io.pharos.config.SearchSettings;
import io.pharos.db.Database;
import io.pharos.resource.ReadStatus;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceLookup;
import io.pharos.resource.ResourceScope;
import io.pharos.search.embed.Embedder;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyword, semantic and hybrid search under every filter (type, language, publisher, read status, subject,
 * classification code, min_quality, created range, collection, and several at once), each at low and high
 * selectivity, on a small library (400 resources of one chunk each): a page holds the requested number of
 * results whenever that many pass the filter and match, and equals an exact computation —
 * keyword: the database's BM25 over every matching chunk of the library with no filter, the filter then
 * applied here; semantic: the cosine of the query to every stored vector, computed here; hybrid: those two
 * lists fused here by reciprocal rank. The sibling {@link FilteredVectorSearchTest} holds PostgreSQL's
 * HNSW index to the requested count at 5% selectivity on 4,000 rows.
 */
class FilteredSearchTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    static final int N = 400;
    static final int LIMIT = 10;
    /** Reciprocal rank fusion of 50 per branch, no similarity floor: random vectors have cosines near 0. */
    static final SearchSettings.Ranking RRF_UNFLOORED = new SearchSettings.Ranking(-1, "rrf", 0.5, 50, 50, 0);
    static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
    static final List<String> VOCABULARY = vocabulary();
    static final List<String> QUERIES = List.of("bak dom guz", "kop zum tap", "gam buk dop", "muz kak bom -tum", "zap guk dam");

    static Library lib;
    static Database db;
    static SearchService service;
    static final List<Resource> library = new ArrayList<>();
    static final Map<UUID, Resource> byId = new HashMap<>();
    static final Map<Long, float[]> vectors = new HashMap<>();
    static final Map<Long, UUID> chunkResource = new HashMap<>();
    static final Set<UUID> bigCollection = new HashSet<>();
    static final Set<UUID> smallCollection = new HashSet<>();
    static ResourceScope bigScope;
    static ResourceScope smallScope;

    /** Three-letter words (consonant, vowel, consonant): no stemmer or stopword list touches them, and fuzzy titles ignore them. */
    static List<String> vocabulary() {
        List<String> out = new ArrayList<>();
        for (char a : "bdgkmtz".toCharArray()) for (char v : "aou".toCharArray()) for (char z : "kmpz".toCharArray()) out.add("" + a + v + z);
        return out.subList(0, 40);
    }

    @BeforeAll
    static void library() {
        lib = Library.open(testDb.settings(Map.of("PHAROS_EMBEDDINGS", "none")));
        db = lib.database();
        Random random = new Random(12);
        for (int i = 0; i < N; i++) {
            StringBuilder content = new StringBuilder();
            for (int w = 0; w < 8 + i % 23; w++) content.append(w == 0 ? "" : " ").append(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
            List<String> subject = i % 17 == 3 ? List.of("s-rare", "s-common") : i % 5 == 0 ? List.of() : List.of("s-common");
            Instant created = BASE.plus(Duration.ofHours((i * 7919L) % N));
            library.add(new Resource(ResourceId.random(), "r" + i, null, content.toString(), null,
                    i % 18 == 2 ? "Small Press" : "Big House", null, i % 16 == 1 ? "de" : "en", i % 20 == 0 ? "rare" : "common",
                    subject, null, null, i % 19 == 4 ? "QA76" : "Z", i % 50 == 7 ? null : ((i * 37) % N) / (double) N,
                    i % 15 == 5 ? ReadStatus.COMPLETED : ReadStatus.UNREAD, created, created, 1));
        }
        lib.resources().createAll(library);   // the search index chunks each one
        for (Resource r : library) byId.put(r.id().value(), r);

        db.write(h -> {
            List<ChunkStore.Chunk> chunks = h.createQuery("SELECT id, resource_id FROM chunks ORDER BY id")
                    .map((rs, ctx) -> new ChunkStore.Chunk(rs.getLong(1), ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, 2, ctx), 0, null, null, null))
                    .list();
            assertThat(chunks).as("one chunk per resource").hasSize(N);
            for (ChunkStore.Chunk c : chunks) {
                float[] v = unit(new Random(c.id() * 31 + 5));
                vectors.put(c.id(), v);
                chunkResource.put(c.id(), c.resourceId());
                SearchSql.forDatabase(db).setEmbedding(h, c.id(), v);
            }
            return null;
        });
        lib.search().index().rebuild();   // the HNSW index on PostgreSQL

        var owner = lib.users().createUser("Owner", "owner@example.org", Role.USER);
        Principal p = new Principal(owner.id(), Role.USER);
        var big = lib.collections().create(p, new CollectionInput.Create("big", null, Visibility.PRIVATE, null));
        var small = lib.collections().create(p, new CollectionInput.Create("small", null, Visibility.PRIVATE, null));
        for (int i = 0; i < N; i++) {
            if (i % 2 == 0) bigCollection.add(library.get(i).id().value());
            if (i % 14 == 6) smallCollection.add(library.get(i).id().value());
        }
        lib.collections().addResources(p, big.id(), bigCollection.stream().map(ResourceId::new).toList());
        lib.collections().addResources(p, small.id(), smallCollection.stream().map(ResourceId::new).toList());
        bigScope = lib.collections().scope(p, big.id());
        smallScope = lib.collections().scope(p, small.id());

        service = new SearchService(db, new ChunkStore(), new ResourceLookup(db.dialect()), new SeededEmbedder(),
                new ClickBoost(db, new ClickStore(), false), RRF_UNFLOORED, (mode, elapsed) -> {});
    }

    @AfterAll
    static void close() {
        if (lib != null) lib.close();
    }

    /** A query's vector: a unit vector seeded by its text (the library's vectors are seeded by chunk id). */
    static final class SeededEmbedder implements Embedder {
        @Override public String describe() { return "seeded random vectors (test)"; }
        @Override public int maxTokens() { return 256; }
        @Override public float[][] embedDocuments(List<String> texts) {
            return texts.stream().map(this::embedQuery).toArray(float[][]::new);
        }
        @Override public float[] embedQuery(String text) {
            return unit(new Random(text.hashCode()));
        }
    }

    static float[] unit(Random random) {
        float[] v = new float[Embedder.DIMENSION];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
            s += v[i] * v[i];
        }
        for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(s);
        return v;
    }

    /** A filter or scope, and the same condition evaluated here on the resource. */
    record Case(String name, ResourceFilter filter, ResourceScope scope, Predicate<Resource> keeps) {
        long passing() {
            return library.stream().filter(keeps).count();
        }
    }

    static ResourceFilter filter(String type, String language, String publisher, ReadStatus status, String subject,
                                 String classification, Double minQuality, Instant after, Instant before) {
        return new ResourceFilter(type, language, publisher, status, subject, classification, minQuality, after, before);
    }

    /** Every filter at low selectivity (most resources pass) and at high selectivity (about 5%). */
    static List<Case> cases() {
        Instant h20 = BASE.plus(Duration.ofHours(20)), h100 = BASE.plus(Duration.ofHours(100)), h125 = BASE.plus(Duration.ofHours(125));
        return List.of(
                new Case("none", ResourceFilter.none(), ResourceScope.ALL, r -> true),
                new Case("type common", filter("common", null, null, null, null, null, null, null, null), ResourceScope.ALL, r -> r.type().equals("common")),
                new Case("type rare", filter("rare", null, null, null, null, null, null, null, null), ResourceScope.ALL, r -> r.type().equals("rare")),
                new Case("language en", filter(null, "en", null, null, null, null, null, null, null), ResourceScope.ALL, r -> r.language().equals("en")),
                new Case("language de", filter(null, "de", null, null, null, null, null, null, null), ResourceScope.ALL, r -> r.language().equals("de")),
                new Case("publisher big", filter(null, null, "Big House", null, null, null, null, null, null), ResourceScope.ALL, r -> r.publisher().equals("Big House")),
                new Case("publisher small", filter(null, null, "Small Press", null, null, null, null, null, null), ResourceScope.ALL, r -> r.publisher().equals("Small Press")),
                new Case("read_status unread", filter(null, null, null, ReadStatus.UNREAD, null, null, null, null, null), ResourceScope.ALL, r -> r.readStatus() == ReadStatus.UNREAD),
                new Case("read_status completed", filter(null, null, null, ReadStatus.COMPLETED, null, null, null, null, null), ResourceScope.ALL, r -> r.readStatus() == ReadStatus.COMPLETED),
                new Case("subject common", filter(null, null, null, null, "s-common", null, null, null, null), ResourceScope.ALL, r -> r.subject().contains("s-common")),
                new Case("subject rare", filter(null, null, null, null, "s-rare", null, null, null, null), ResourceScope.ALL, r -> r.subject().contains("s-rare")),
                new Case("classification Z", filter(null, null, null, null, null, "Z", null, null, null), ResourceScope.ALL, r -> r.classificationCode().equals("Z")),
                new Case("classification QA76", filter(null, null, null, null, null, "QA76", null, null, null), ResourceScope.ALL, r -> r.classificationCode().equals("QA76")),
                new Case("min_quality 0.3", filter(null, null, null, null, null, null, 0.3, null, null), ResourceScope.ALL, r -> r.qualityScore() != null && r.qualityScore() >= 0.3),
                new Case("min_quality 0.95", filter(null, null, null, null, null, null, 0.95, null, null), ResourceScope.ALL, r -> r.qualityScore() != null && r.qualityScore() >= 0.95),
                new Case("created after", filter(null, null, null, null, null, null, null, h20, null), ResourceScope.ALL, r -> r.createdAt().isAfter(h20)),
                new Case("created in a day", filter(null, null, null, null, null, null, null, h100, h125), ResourceScope.ALL,
                        r -> r.createdAt().isAfter(h100) && r.createdAt().isBefore(h125)),
                new Case("collection big", ResourceFilter.none(), bigScope, r -> bigCollection.contains(r.id().value())),
                new Case("collection small", ResourceFilter.none(), smallScope, r -> smallCollection.contains(r.id().value())),
                new Case("several, low", filter("common", "en", "Big House", null, "s-common", null, 0.3, null, null), bigScope,
                        r -> r.type().equals("common") && r.language().equals("en") && r.publisher().equals("Big House")
                                && r.subject().contains("s-common") && r.qualityScore() != null && r.qualityScore() >= 0.3
                                && bigCollection.contains(r.id().value())),
                new Case("several, high", filter("common", "en", null, null, null, null, 0.5, null, null), smallScope,
                        r -> r.type().equals("common") && r.language().equals("en") && r.qualityScore() != null && r.qualityScore() >= 0.5
                                && smallCollection.contains(r.id().value())));
    }

    @Test
    void the_cases_cover_low_and_high_selectivity() {
        for (Case c : cases()) {
            if (c.name().equals("none")) continue;
            assertThat(c.passing()).as(c.name()).isBetween(10L, (long) N - 10);
        }
        assertThat(cases().stream().filter(c -> c.passing() <= N / 10).count()).as("high-selectivity cases").isGreaterThanOrEqualTo(9);
        assertThat(cases().stream().filter(c -> c.passing() >= N / 2).count()).as("low-selectivity cases").isGreaterThanOrEqualTo(9);
    }

    @Test
    void keyword_equals_bm25_over_the_whole_library_then_filtered() {
        int full = 0;
        for (String q : QUERIES) {
            List<SearchSql.ChunkScore> all = db.read(h -> SearchSql.forDatabase(db).keyword(h, QueryParser.parse(q),
                    new SearchSql.Weights(SearchService.TITLE_WEIGHT, SearchService.HEADING_WEIGHT), "1 = 1", Map.of(), 100_000));
            for (Case c : cases()) {
                for (int offset : List.of(0, 5)) {
                    List<Scored> exact = perResource(all, c.keeps());
                    List<SearchHit> hits = search(q, SearchRequest.Mode.KEYWORD, offset, c);
                    String what = "keyword '" + q + "', " + c.name() + ", offset " + offset;
                    assertPage(what, hits, exact, offset);
                    if (exact.size() >= offset + LIMIT) full++;
                }
            }
        }
        assertThat(full).as("pages that had enough matches to fill").isGreaterThan(QUERIES.size() * cases().size());
    }

    @Test
    void semantic_equals_the_exact_cosine_ranking_under_every_filter() {
        for (String q : QUERIES) {
            List<SearchSql.ChunkScore> all = exactNearest(q);
            for (Case c : cases()) {
                List<Scored> exact = perResource(all, c.keeps().and(notExcluded(q)));
                List<SearchHit> hits = search(q, SearchRequest.Mode.SEMANTIC, 0, c);
                String what = "semantic '" + q + "', " + c.name();
                assertThat(hits).as(what + ": the requested count").hasSize((int) Math.min(LIMIT, exact.size()));
                assertThat(ids(hits)).as(what).isEqualTo(exact.stream().limit(LIMIT).map(Scored::resourceId).toList());
                for (int i = 0; i < hits.size(); i++) assertThat(hits.get(i).score()).as(what).isCloseTo(exact.get(i).score(), org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }

    @Test
    void hybrid_equals_the_fusion_of_the_exact_lists_under_every_filter() {
        int window = RRF_UNFLOORED.keywordWindow();
        for (String q : QUERIES) {
            List<SearchSql.ChunkScore> keyword = db.read(h -> SearchSql.forDatabase(db).keyword(h, QueryParser.parse(q),
                    new SearchSql.Weights(SearchService.TITLE_WEIGHT, SearchService.HEADING_WEIGHT), "1 = 1", Map.of(), 100_000));
            List<SearchSql.ChunkScore> semantic = exactNearest(q);
            for (Case c : cases()) {
                List<Scored> fused = fuse(perResource(keyword, c.keeps()), perResource(semantic, c.keeps().and(notExcluded(q))), window);
                for (int offset : List.of(0, 5)) {
                    List<SearchHit> hits = search(q, SearchRequest.Mode.HYBRID, offset, c);
                    String what = "hybrid '" + q + "', " + c.name() + ", offset " + offset;
                    assertPage(what, hits, fused, offset);
                }
            }
        }
    }

    @Test
    void convex_hybrid_equals_the_weighted_sum_of_normalised_exact_scores_under_every_filter() {
        SearchSettings.Ranking convex = new SearchSettings.Ranking(-1, "convex", 0.6, 50, 50, 0);
        SearchService fusing = new SearchService(db, new ChunkStore(), new ResourceLookup(db.dialect()), new SeededEmbedder(),
                new ClickBoost(db, new ClickStore(), false), convex, (mode, elapsed) -> {});
        for (String q : QUERIES) {
            List<SearchSql.ChunkScore> keyword = db.read(h -> SearchSql.forDatabase(db).keyword(h, QueryParser.parse(q),
                    new SearchSql.Weights(SearchService.TITLE_WEIGHT, SearchService.HEADING_WEIGHT), "1 = 1", Map.of(), 100_000));
            List<SearchSql.ChunkScore> semantic = exactNearest(q);
            for (Case c : cases()) {
                List<Scored> kw = perResource(keyword, c.keeps()).stream().limit(50).toList();
                List<Scored> sem = perResource(semantic, c.keeps().and(notExcluded(q))).stream().limit(50).toList();
                Map<UUID, Double> fused = new LinkedHashMap<>();
                double kwBest = kw.isEmpty() ? 0 : kw.getFirst().score();
                for (Scored k : kw) fused.merge(k.resourceId(), 0.4 * k.score() / kwBest, Double::sum);
                double semBest = sem.isEmpty() ? 0 : sem.getFirst().score();
                for (Scored x : sem) fused.merge(x.resourceId(), 0.6 * (x.score() + 1) / (semBest + 1), Double::sum);
                List<Scored> expected = new ArrayList<>();
                fused.forEach((id, score) -> expected.add(new Scored(id, score)));
                expected.sort((a, b) -> Double.compare(b.score(), a.score()));
                var req = new SearchRequest(q, SearchRequest.Mode.HYBRID, LIMIT, 0, c.filter(), c.scope(), true, SearchRequest.DEFAULT_RRF_K, null);
                List<SearchHit> hits = fusing.search(req).results();
                String what = "convex hybrid '" + q + "', " + c.name();
                assertThat(ids(hits)).as(what).isEqualTo(expected.stream().limit(LIMIT).map(Scored::resourceId).toList());
                for (int i = 0; i < hits.size(); i++) {
                    assertThat(hits.get(i).score()).as(what).isCloseTo(expected.get(i).score(), org.assertj.core.data.Offset.offset(1e-6));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fusion = (Map<String, Object>) hits.get(i).explain().get("fusion");
                    assertThat(fusion).as(what).containsEntry("method", "convex").containsEntry("weight", 0.6).containsKeys("keyword", "semantic", "score");
                    assertThat(0.4 * (double) fusion.get("keyword") + 0.6 * (double) fusion.get("semantic")).as(what)
                            .isCloseTo(hits.get(i).score(), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
    }

    record Scored(UUID resourceId, double score) {}

    /** Chunks ranked best first → their resources kept by the filter, each at its best chunk. */
    static List<Scored> perResource(List<SearchSql.ChunkScore> chunks, Predicate<Resource> keeps) {
        Map<UUID, Scored> out = new LinkedHashMap<>();
        for (SearchSql.ChunkScore c : chunks) {
            if (keeps.test(byId.get(c.resourceId()))) out.putIfAbsent(c.resourceId(), new Scored(c.resourceId(), c.score()));
        }
        return List.copyOf(out.values());
    }

    /** Resources holding none of the query's excluded words (each a word of the vocabulary): an exclusion excludes in every mode. */
    static Predicate<Resource> notExcluded(String q) {
        List<List<String>> excluded = QueryParser.parse(q).excluded();
        return r -> excluded.stream().noneMatch(x -> List.of(r.content().split(" ")).contains(x.getFirst()));
    }

    /** Every chunk by cosine to the vector of the query without its exclusions, computed here; ties by chunk id. */
    static List<SearchSql.ChunkScore> exactNearest(String q) {
        float[] v = new SeededEmbedder().embedQuery(QueryParser.withoutExclusions(q));
        List<SearchSql.ChunkScore> all = new ArrayList<>();
        vectors.forEach((id, e) -> {
            float s = 0f;
            for (int i = 0; i < v.length; i++) s += v[i] * e[i];
            all.add(new SearchSql.ChunkScore(id, chunkResource.get(id), s));
        });
        all.sort(Comparator.comparingDouble(SearchSql.ChunkScore::score).reversed().thenComparing(SearchSql.ChunkScore::chunkId));
        return all;
    }

    /** Reciprocal rank fusion (k = 60) of the two lists cut to {@code window}; equal scores keep keyword-then-semantic order. */
    static List<Scored> fuse(List<Scored> keyword, List<Scored> semantic, int window) {
        Map<UUID, Double> score = new LinkedHashMap<>();
        for (List<Scored> list : List.of(keyword, semantic)) {
            for (int i = 0; i < Math.min(window, list.size()); i++) {
                score.merge(list.get(i).resourceId(), 1.0 / (SearchRequest.DEFAULT_RRF_K + i + 1), Double::sum);
            }
        }
        List<Scored> out = new ArrayList<>();
        score.forEach((id, s) -> out.add(new Scored(id, s)));
        out.sort((a, b) -> Double.compare(b.score(), a.score()));
        return out;
    }

    static void assertPage(String what, List<SearchHit> hits, List<Scored> exact, int offset) {
        List<Scored> expected = exact.subList(Math.min(offset, exact.size()), Math.min(offset + LIMIT, exact.size()));
        assertThat(hits).as(what + ": the requested count when that many exist").hasSize(expected.size());
        assertThat(ids(hits)).as(what).isEqualTo(expected.stream().map(Scored::resourceId).toList());
        assertThat(hits.stream().map(SearchHit::score).toList()).as(what).isEqualTo(expected.stream().map(Scored::score).toList());
    }

    static List<SearchHit> search(String q, SearchRequest.Mode mode, int offset, Case c) {
        return service.search(new SearchRequest(q, mode, LIMIT, offset, c.filter(), c.scope(), false, SearchRequest.DEFAULT_RRF_K, null)).results();
    }

    static List<UUID> ids(List<SearchHit> hits) {
        return hits.stream().map(h -> h.resource().id().value()).toList();
    }
}
