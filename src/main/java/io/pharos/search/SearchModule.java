package io.pharos.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.config.SearchSettings;
import io.pharos.db.Database;
import io.pharos.event.DomainEvents;
import io.pharos.resource.ResourceLookup;
import io.pharos.search.embed.Embedder;
import io.pharos.search.embed.HttpEmbedder;
import io.pharos.search.embed.LocalModel;
import io.pharos.search.embed.OnnxEmbedder;
import io.pharos.search.embed.WordPieceCounter;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The search feature assembled: index (subscribed to resource events), embedding worker, service, routes. */
public final class SearchModule implements AutoCloseable {
    private final SearchSettings settings;
    private final SearchIndex index;
    private final SearchService service;
    private final ClickService clicks;
    private final EmbeddingWorker worker;    // null when semantic search is off
    private final Embedder embedder;

    private SearchModule(SearchSettings settings, SearchIndex index, SearchService service, ClickService clicks, EmbeddingWorker worker, Embedder embedder) {
        this.settings = settings;
        this.index = index;
        this.service = service;
        this.clicks = clicks;
        this.worker = worker;
        this.embedder = embedder;
    }

    /** Builds the feature and subscribes its index to {@code events}; {@link #startWorker()} starts embedding. */
    public static SearchModule create(Database database, SearchSettings settings, DomainEvents events, Clock clock, ObjectMapper json) {
        Embedder embedder = embedder(settings);
        ResourceLookup resources = new ResourceLookup(database.dialect());
        ChunkStore chunks = new ChunkStore();
        SearchIndex index = new SearchIndex(database, chunks, resources, chunker(settings, embedder), clock,
                settings.hnswM(), settings.hnswEfConstruction(), embedder != null);
        index.subscribe(events);
        ClickStore clickStore = new ClickStore();
        SearchService service = new SearchService(database, chunks, resources, embedder,
                new ClickBoost(database, clickStore, settings.clickBoost()));
        EmbeddingWorker worker = embedder == null ? null : new EmbeddingWorker(database, chunks, embedder);
        return new SearchModule(settings, index, service, new ClickService(database, clickStore, resources, clock), worker, embedder);
    }

    /** The configured embedder: an OpenAI-compatible endpoint, a shipped model, or null for none. */
    static Embedder embedder(SearchSettings s) {
        if (!s.semanticEnabled()) return null;
        if (!s.embeddingsUrl().isEmpty()) return new HttpEmbedder(s.embeddingsUrl(), s.embeddingsModel(), s.embeddingsKey()).checkDimension();
        return OnnxEmbedder.of(LocalModel.bySettingName(s.embeddings()));
    }

    /**
     * Chunks of {@code PHAROS_CHUNK_TOKENS} (256) tokens, title and heading included, or the embedding
     * model's window when that is smaller (all-MiniLM-L6-v2 reads 128 tokens), so the model reads every
     * word it is given; about an eighth of a chunk overlaps the next. Tokens are counted in the shipped
     * models' WordPiece vocabulary.
     */
    static Chunker chunker(SearchSettings s, Embedder embedder) {
        int size = embedder == null ? s.chunkTokens() : Math.min(s.chunkTokens(), embedder.maxTokens());
        return new Chunker(size, size / 8, WordPieceCounter.shared()::countWord);
    }

    public SearchModule startWorker() {
        if (worker != null) worker.start();
        return this;
    }

    public SearchRoutes routes() {
        return new SearchRoutes(service, clicks);
    }

    public SearchIndex index() {
        return index;
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
        m.put("embedding_queue", index.queueDepth());
        m.put("click_boost", settings.clickBoost());
        return m;
    }

    @Override
    public void close() {
        if (worker != null) worker.close();
    }
}
