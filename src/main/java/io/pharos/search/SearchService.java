package io.pharos.search;

import io.pharos.common.InvalidInputException;
import io.pharos.config.SearchSettings;
import io.pharos.common.UnavailableException;
import io.pharos.db.Database;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceLookup;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.SqlPredicate;
import io.pharos.search.embed.Embedder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Keyword, semantic and hybrid search over chunks, answered per resource (its best chunk is the snippet).
 *
 * <ul>
 * <li>keyword: BM25 over chunks (title ×{@value #TITLE_WEIGHT}, heading ×{@value #HEADING_WEIGHT}, text ×1),
 *     a resource scores as its best chunk; typo-tolerant title matches fill up a short list.</li>
 * <li>semantic: cosine similarity of the query's embedding (without its exclusions) to chunk embeddings,
 *     down to the similarity floor (the request's {@code min_similarity}, else {@code PHAROS_SEARCH_MIN_SIMILARITY}).</li>
 * <li>hybrid: the keyword list cut to {@code PHAROS_SEARCH_KEYWORD_WINDOW} resources and the semantic list cut
 *     to {@code PHAROS_SEARCH_SEMANTIC_WINDOW}, fused by {@link Fusion} ({@code PHAROS_SEARCH_FUSION}: a convex
 *     combination of normalised scores, or reciprocal rank fusion); the same candidates for every page, so a
 *     hybrid list ends where the fused candidates do. The two branches run at
 *     once: semantic (query embedding, then vector search) on a virtual thread, keyword on the caller's.</li>
 * </ul>
 * An excluded word or phrase leaves out every resource holding it, in every branch and fill.
 * Click feedback then lifts, within the list, results that other sessions clicked for the same query
 * ({@link ClickBoost}).
 */
public final class SearchService {
    static final double TITLE_WEIGHT = 10.0;
    static final double HEADING_WEIGHT = 3.0;
    static final double FUZZY_MIN = 0.5;
    /** The most chunks one branch reads to find a page's resources. */
    static final int MAX_CHUNKS = 20_000;

    private final Database database;
    private final ChunkStore chunks;
    private final CandidateStore candidates = new CandidateStore();
    private final ResourceLookup resources;
    private final Embedder embedder;     // null: semantic search is off
    private final ClickBoost clicks;
    private final Latency latency;
    private final SearchSettings.Ranking ranking;

    /** Told how long each search took, by mode ({@code keyword}, {@code semantic}, {@code hybrid}). */
    @FunctionalInterface
    public interface Latency {
        void record(String mode, Duration elapsed);
    }

    public SearchService(Database database, ChunkStore chunks, ResourceLookup resources, Embedder embedder, ClickBoost clicks,
                         SearchSettings.Ranking ranking, Latency latency) {
        this.database = database;
        this.ranking = ranking;
        this.chunks = chunks;
        this.resources = resources;
        this.embedder = embedder;
        this.clicks = clicks;
        this.latency = latency;
    }

    /** A resource in a ranked list with its best chunk and what each branch said about it. */
    record Ranked(UUID resourceId, Long chunkId, double score, Map<String, Object> explain) {}

    public record Result(String query, String mode, int limit, int offset, List<SearchHit> results) {}

    public Result search(SearchRequest req) {
        long start = System.nanoTime();
        try {
            return ranked(req);
        } finally {
            latency.record(req.mode().wire(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private Result ranked(SearchRequest req) {
        int window = req.offset() + req.limit();
        int ranks = clicks.ranksFor(window);   // the click boost can lift a result from below the page into it
        List<Ranked> ranked = switch (req.mode()) {
            case KEYWORD -> keyword(req, ranks);
            case SEMANTIC -> semantic(req, ranks);
            case HYBRID -> hybrid(req);   // the same candidates for every page, so pages do not overlap
        };
        ranked = clicks.apply(req.q(), ranked);
        List<Ranked> page = ranked.subList(Math.min(req.offset(), ranked.size()), Math.min(window, ranked.size()));
        return new Result(req.q(), req.mode().wire(), req.limit(), req.offset(), hits(page, highlightTokens(req.q()), req.explain()));
    }

    List<Ranked> keyword(SearchRequest req, int window) {
        TextQuery query = QueryParser.parse(req.q());
        if (query.isEmpty()) return List.of();
        SqlPredicate where = where(req);
        Map<UUID, Ranked> byResource = bm25(query, where, window);
        if (byResource.size() < window) fuzzyTitles(query, where, byResource, window);
        return List.copyOf(byResource.values());
    }

    /**
     * How {@code q} (the search syntax) ranks the one resource {@code id} when it passes {@code filter}: its
     * hit with a highlighted snippet, or empty when it does not match. Keyword is BM25 only (no typo-tolerant
     * title fill-up); hybrid (with semantic search on) fuses BM25 with the chunks already embedded whose
     * cosine similarity is at least {@code minSimilarity}, as search fuses them (each list has rank 1 here).
     * Monitors match new and changed resources through this.
     */
    public Optional<SearchHit> matchOne(String q, SearchRequest.Mode mode, ResourceFilter filter, ResourceId id, double minSimilarity) {
        ResourceScope one = alias -> new SqlPredicate(SqlPredicate.qualifier(alias) + "id = :m_resource", Map.of("m_resource", id.value()));
        SearchRequest req = new SearchRequest(q, mode, 1, 0, filter, one, false, SearchRequest.DEFAULT_RRF_K, minSimilarity);
        TextQuery query = QueryParser.parse(q);
        List<Ranked> keyword = query.isEmpty() ? List.of() : List.copyOf(bm25(query, where(req), 1).values());
        if (mode == SearchRequest.Mode.KEYWORD || embedder == null) return hits(keyword, highlightTokens(q), false).stream().findFirst();
        List<Ranked> semantic = semantic(req, 1);
        List<Ranked> both = new ArrayList<>(keyword);
        both.addAll(semantic);
        if (both.isEmpty()) return Optional.empty();
        double score = both.size() / (double) (req.rrfK() + 1);
        Ranked first = both.getFirst();
        return hits(List.of(new Ranked(first.resourceId(), first.chunkId(), score, Map.of())), highlightTokens(q), false).stream().findFirst();
    }

    /** The resources with chunks matching {@code query} by BM25, each as its best chunk, best first. */
    private Map<UUID, Ranked> bm25(TextQuery query, SqlPredicate where, int window) {
        SearchSql.Weights weights = new SearchSql.Weights(TITLE_WEIGHT, HEADING_WEIGHT);
        List<SearchSql.ChunkScore> best = bestChunks(window, Double.NEGATIVE_INFINITY, chunkLimit -> database.read(h -> SearchSql.forDatabase(database)
                .keyword(h, query, weights, where.sql(), where.binds(), chunkLimit)));
        Map<UUID, Ranked> byResource = new LinkedHashMap<>();
        int rank = 0;
        for (SearchSql.ChunkScore c : best) {
            if (byResource.containsKey(c.resourceId())) continue;
            if (byResource.size() >= window) break;
            rank++;
            byResource.put(c.resourceId(), new Ranked(c.resourceId(), c.chunkId(), c.score(),
                    explain("keyword", Map.of("rank", rank, "score", c.score()))));
        }
        return byResource;
    }

    /**
     * The best chunks, best first, enough of them to hold {@code window} distinct resources (or all there
     * are): one long page can hold most of the best chunks, so the chunk limit starts at ten per resource
     * and doubles until the chunks name {@code window} resources or run out ({@value #MAX_CHUNKS} at most).
     * Each resource's first chunk is its best whatever the limit, so the list of resources a larger window
     * sees starts with the list a smaller one sees: pages neither overlap nor skip. Chunks scoring below
     * {@code floor} are not wanted: once they show up, more would not help.
     */
    static List<SearchSql.ChunkScore> bestChunks(int window, double floor, java.util.function.IntFunction<List<SearchSql.ChunkScore>> query) {
        int chunkLimit = Math.min(MAX_CHUNKS, Math.max(100, window * 10));
        while (true) {
            List<SearchSql.ChunkScore> best = query.apply(chunkLimit);
            if (best.size() < chunkLimit || chunkLimit >= MAX_CHUNKS || best.getLast().score() < floor
                    || best.stream().map(SearchSql.ChunkScore::resourceId).distinct().count() >= window) return best;
            chunkLimit = Math.min(MAX_CHUNKS, chunkLimit * 4);
        }
    }

    /**
     * The request's filter and scope over the resources table aliased {@code r}, as the search SQL expects,
     * and its exclusions: a resource any chunk of which holds an excluded word or phrase is in no branch
     * and no fill of any mode.
     */
    private SqlPredicate where(SearchRequest req) {
        return req.filter().where(database.dialect(), "r").and(req.scope().on("r"))
                .and(SearchSql.forDatabase(database).excluding(QueryParser.parse(req.q()).excluded()));
    }

    /** Adds resources whose title is close to the query's words (typos), after the BM25 results. */
    private void fuzzyTitles(TextQuery query, SqlPredicate where, Map<UUID, Ranked> into, int window) {
        List<String> words = query.positiveTokens().stream().filter(t -> t.length() >= 4).toList();
        if (words.isEmpty()) return;
        List<Map.Entry<UUID, Double>> close = new ArrayList<>();
        Map<UUID, Long> passing = database.read(h -> {
            close.clear();
            SearchSql.forDatabase(database).titleCandidates(h, words, 200).forEach((id, title) -> {
                double s = Trigrams.wordSimilarity(words, title);
                if (s >= FUZZY_MIN && !into.containsKey(id)) close.add(Map.entry(id, s));
            });
            return candidates.passing(h, close.stream().map(Map.Entry::getKey).toList(), where);
        });
        close.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
        for (Map.Entry<UUID, Double> e : close) {
            if (into.size() >= window) break;
            if (!passing.containsKey(e.getKey())) continue;   // deleted since, or outside the filter
            into.put(e.getKey(), new Ranked(e.getKey(), passing.get(e.getKey()), 0.0, explain("fuzzy_title", Map.of("similarity", e.getValue()))));
        }
    }

    List<Ranked> semantic(SearchRequest req, int window) {
        float[] v = embedder().embedQuery(QueryParser.withoutExclusions(req.q()));
        SqlPredicate where = where(req);
        return nearest(v, where.sql(), where.binds(), window, minSimilarity(req));
    }

    /** The request's similarity floor, or the server's ({@code PHAROS_SEARCH_MIN_SIMILARITY}, by model). */
    private double minSimilarity(SearchRequest req) {
        return req.minSimilarity() != null ? req.minSimilarity() : ranking.minSimilarity();
    }

    private List<Ranked> nearest(float[] v, String filter, Map<String, Object> binds, int window, Double minSimilarity) {
        // chunks, not resources: a long page holds dozens of chunks near the query
        List<SearchSql.ChunkScore> best = bestChunks(window, minSimilarity == null ? Double.NEGATIVE_INFINITY : minSimilarity,
                chunkLimit -> database.read(h -> SearchSql.forDatabase(database).nearest(h, v, filter, binds, chunkLimit)));
        Map<UUID, Ranked> byResource = new LinkedHashMap<>();
        int rank = 0;
        for (SearchSql.ChunkScore c : best) {
            if (minSimilarity != null && c.score() < minSimilarity) break;
            if (byResource.containsKey(c.resourceId())) continue;
            rank++;
            byResource.put(c.resourceId(), new Ranked(c.resourceId(), c.chunkId(), c.score(),
                    explain("semantic", Map.of("rank", rank, "score", c.score()))));
            if (byResource.size() >= window) break;
        }
        return List.copyOf(byResource.values());
    }

    List<Ranked> hybrid(SearchRequest req) {
        embedder();   // semantic search off: refuse before starting either branch
        FutureTask<List<Ranked>> semanticBranch = new FutureTask<>(() -> semantic(req, ranking.semanticWindow()));
        Thread.ofVirtual().name("pharos-hybrid-semantic").start(semanticBranch);
        List<Ranked> keyword = keyword(req, ranking.keywordWindow());
        List<Ranked> semantic = join(semanticBranch);
        return switch (ranking.fusion()) {
            case "convex" -> Fusion.convex(keyword, semantic, ranking.fusionWeight(), minSimilarity(req), ranking.minFused());
            default -> Fusion.rrf(keyword, semantic, req.rrfK());
        };
    }

    /**
     * The result of a branch running on its own virtual thread (and its own read connection), its failure
     * rethrown as it was thrown. A semantic branch still running when the keyword branch fails is left to
     * finish: its result is dropped.
     */
    private static List<Ranked> join(FutureTask<List<Ranked>> branch) {
        try {
            return branch.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for the semantic branch", e);
        }
    }

    /** Resources nearest to {@code id} by the embedding of its lead chunk. */
    public List<SearchHit> similar(ResourceId id, int limit) {
        Resource self = database.read(h -> resources.require(h, id));
        embedder();
        float[] v = database.read(h -> {
            Long chunk = chunks.firstEmbedded(h, self.id());
            return chunk == null ? null : SearchSql.forDatabase(database).embedding(h, chunk);
        });
        if (v == null) return List.of();
        SqlPredicate others = new SqlPredicate("r.id <> :f_exclude", Map.of("f_exclude", id.value()));
        List<Ranked> near = nearest(v, others.sql(), others.binds(), limit, null);
        return hits(near, List.of(), false);
    }

    public boolean semanticEnabled() {
        return embedder != null;
    }

    private Embedder embedder() {
        if (embedder == null) {
            throw InvalidInputException.badRequest("mode", "semantic search is off on this server (PHAROS_EMBEDDINGS=none); "
                    + "use mode=keyword, or set PHAROS_EMBEDDINGS to a model and run 'pharos reindex'");
        }
        return embedder;
    }

    /** The page's hits: its resources and its chunks read in one statement each. */
    private List<SearchHit> hits(List<Ranked> page, List<String> tokens, boolean explain) {
        if (page.isEmpty()) return List.of();
        return database.read(h -> {
            Map<Long, ChunkStore.Chunk> texts = chunks.byIds(h, page.stream().map(Ranked::chunkId).filter(Objects::nonNull).toList());
            Map<ResourceId, Resource> found = resources.findAll(h, page.stream().map(r -> new ResourceId(r.resourceId())).toList());
            List<SearchHit> out = new ArrayList<>();
            for (Ranked r : page) {
                Resource res = found.get(new ResourceId(r.resourceId()));
                if (res == null) continue;   // deleted since it was ranked
                ChunkStore.Chunk c = r.chunkId() == null ? null : texts.get(r.chunkId());
                String snippet = Snippets.of(c == null ? SearchIndex.textOf(res) : c.text(), tokens);
                out.add(new SearchHit(res, r.score(), c == null ? null : c.id(), c == null ? null : c.heading(), snippet,
                        explain ? r.explain() : null));
            }
            return out;
        });
    }

    private static List<String> highlightTokens(String q) {
        return QueryParser.parse(q).positiveTokens();
    }

    @SafeVarargs
    static Map<String, Object> explain(String key, Map<String, Object> value, Map<String, Object>... more) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map<String, Object> x : more) m.putAll(x);
        m.put(key, value);
        return m;
    }
}
