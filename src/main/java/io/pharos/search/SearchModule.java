package io.pharos.search;

import io.pharos.config.SearchSettings;
import io.pharos.search.embed.Embedder;
import io.pharos.search.embed.HttpEmbedder;
import io.pharos.search.embed.LazyEmbedder;
import io.pharos.search.embed.LocalModel;
import io.pharos.search.embed.OnnxEmbedder;
import io.pharos.search.embed.WordPieceCounter;

import java.util.LinkedHashMap;
import java.util.Map;

/** The search feature's parts: index (subscribed to resource events), embedding worker, service, routes. */
public final class SearchModule implements AutoCloseable {
    /** Search data is content (SQLite's FTS tables follow chunks). */
    public static final io.pharos.db.Part.Tables TABLES = io.pharos.db.Part.Tables.of(io.pharos.db.Part.CONTENT, "chunks", "chunk_terms", "embedding_queue", "search_clicks");

    private final SearchSettings settings;
    private final SearchIndex index;
    private final SearchService service;
    private final ClickService clicks;
    private final EmbeddingWorker worker;    // null when semantic search is off
    private final LazyEmbedder embedder;   // null when semantic search is off

    /** The parts, built by the composition root ({@code io.pharos.Library}); {@code worker} and {@code embedder} are null when semantic search is off. */
    public SearchModule(SearchSettings settings, SearchIndex index, SearchService service, ClickService clicks, EmbeddingWorker worker, LazyEmbedder embedder) {
        this.settings = settings;
        this.index = index;
        this.service = service;
        this.clicks = clicks;
        this.worker = worker;
        this.embedder = embedder;
    }

    /**
     * The configured embedder, loaded on first use: an OpenAI-compatible endpoint (its dimension checked
     * when it loads), a shipped model, or null for none.
     */
    public static LazyEmbedder embedder(SearchSettings s) {
        if (!s.semanticEnabled()) return null;
        if (!s.embeddingsUrl().isEmpty()) {
            return new LazyEmbedder(() -> new HttpEmbedder(s.embeddingsUrl(), s.embeddingsModel(), s.embeddingsKey()).checkDimension(),
                    HttpEmbedder.MAX_TOKENS);
        }
        LocalModel model = LocalModel.bySettingName(s.embeddings());
        return new LazyEmbedder(() -> OnnxEmbedder.of(model), model.maxTokens);
    }

    /**
     * Chunks of {@code PHAROS_CHUNK_TOKENS} (256) tokens, title and heading included, or the embedding
     * model's window when that is smaller (all-MiniLM-L6-v2 reads 128 tokens), so the model reads every
     * word it is given; about an eighth of a chunk overlaps the next. Tokens are counted in the shipped
     * models' WordPiece vocabulary.
     */
    public static Chunker chunker(SearchSettings s, Embedder embedder) {
        int size = embedder == null ? s.chunkTokens() : Math.min(s.chunkTokens(), embedder.maxTokens());
        return new Chunker(size, size / 8, WordPieceCounter.shared()::countWord);
    }

    /** Loads the embedder now (so a bad embeddings setting stops the server's start) and starts embedding. */
    public SearchModule startWorker() {
        if (embedder != null) embedder.load();
        if (worker != null) worker.start();
        return this;
    }

    public SearchRoutes routes() {
        return new SearchRoutes(service, clicks);
    }

    public SearchIndex index() {
        return index;
    }

    public ClickService clicks() {
        return clicks;
    }

    public SearchService service() {
        return service;
    }

    /** The embedding worker, or null when semantic search is off. */
    public EmbeddingWorker worker() {
        return worker;
    }

    public Embedder embedderOrNull() {
        return embedder;
    }

    /** The search section of {@code /health/ready}. */
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("semantic", embedder != null);
        m.put("embeddings", embedder == null ? "none (PHAROS_EMBEDDINGS=none)" : embedder.describe());
        long resources = index.queueDepth();
        m.put("embedding_queue", resources);
        m.put("embedding_backlog", backlog(resources));
        m.put("click_boost", settings.clickBoost());
        return m;
    }

    /**
     * The queue in resources and in chunks still to embed, with an estimate of the time to drain it: the
     * queued chunks at this instance's recent embedding rate (null when it embedded nothing in the last
     * five minutes; other instances sharing the queue make it shorter).
     */
    private Map<String, Object> backlog(long resources) {
        Map<String, Object> m = new LinkedHashMap<>();
        long queued = resources == 0 ? 0 : index.queuedChunks();
        Double rate = worker == null ? null : worker.recentRate();
        m.put("resources", resources);
        m.put("chunks", queued);
        m.put("recent_chunks_per_second", rate == null ? null : Math.round(rate * 10) / 10.0);
        m.put("estimated_seconds_to_drain", queued == 0 ? Long.valueOf(0) : rate == null ? null : (long) Math.ceil(queued / rate));
        m.put("estimate", "an estimate: queued chunks at this instance's embedding rate over the last five minutes");
        return m;
    }

    @Override
    public void close() {
        if (worker != null) worker.close();
    }
}
