package io.pharos.config;

import io.pharos.common.ConfigurationException;

import java.util.function.Function;

/**
 * Search settings. {@code embeddings}: a shipped model name, or {@code none} (keyword search only);
 * a non-empty {@code embeddingsUrl} selects an OpenAI-compatible endpoint instead of the shipped model.
 */
public record SearchSettings(
        String embeddings,
        String embeddingsUrl,
        String embeddingsModel,
        String embeddingsKey,
        int chunkTokens,
        int hnswM,
        int hnswEfConstruction,
        boolean clickBoost,
        java.time.Duration embeddingLease) {

    public static final String DEFAULT_MODEL = "all-minilm-l6-v2";

    static void defaults(java.util.Map<String, String> d) {
        d.put("PHAROS_EMBEDDINGS", DEFAULT_MODEL);
        d.put("PHAROS_EMBEDDINGS_URL", "");
        d.put("PHAROS_EMBEDDINGS_MODEL", "text-embedding-3-small");
        d.put("PHAROS_EMBEDDINGS_KEY", "");
        d.put("PHAROS_CHUNK_TOKENS", "256");
        d.put("PHAROS_HNSW_M", "16");
        d.put("PHAROS_HNSW_EF_CONSTRUCTION", "64");
        d.put("PHAROS_SEARCH_CLICK_BOOST", "true");
        d.put("PHAROS_EMBEDDING_LEASE_MS", "60000");
    }

    static SearchSettings from(Function<String, String> get) {
        String embeddings = get.apply("PHAROS_EMBEDDINGS").strip().toLowerCase(java.util.Locale.ROOT);
        if (!embeddings.equals("none") && !embeddings.equals("all-minilm-l6-v2") && !embeddings.equals("bge-small-en-v1.5")) {
            throw new ConfigurationException("PHAROS_EMBEDDINGS", "expected bge-small-en-v1.5, all-minilm-l6-v2 or none, got '" + embeddings + "'");
        }
        return new SearchSettings(embeddings,
                get.apply("PHAROS_EMBEDDINGS_URL").strip(),
                get.apply("PHAROS_EMBEDDINGS_MODEL").strip(),
                get.apply("PHAROS_EMBEDDINGS_KEY"),
                Settings.intIn("PHAROS_CHUNK_TOKENS", get.apply("PHAROS_CHUNK_TOKENS"), 64, 2048),
                Settings.intIn("PHAROS_HNSW_M", get.apply("PHAROS_HNSW_M"), 2, 100),
                Settings.intIn("PHAROS_HNSW_EF_CONSTRUCTION", get.apply("PHAROS_HNSW_EF_CONSTRUCTION"), 4, 1000),
                Settings.bool("PHAROS_SEARCH_CLICK_BOOST", get.apply("PHAROS_SEARCH_CLICK_BOOST")),
                java.time.Duration.ofMillis(Settings.intIn("PHAROS_EMBEDDING_LEASE_MS", get.apply("PHAROS_EMBEDDING_LEASE_MS"), 1000, 3_600_000)));
    }

    public boolean semanticEnabled() {
        return !embeddings.equals("none");
    }

    @Override
    public String toString() {
        return "SearchSettings[embeddings=" + embeddings + ", url=" + embeddingsUrl + ", model=" + embeddingsModel
                + ", key=" + (embeddingsKey == null || embeddingsKey.isEmpty() ? "" : "***") + ", chunkTokens=" + chunkTokens + ", hnswM=" + hnswM
                + ", hnswEfConstruction=" + hnswEfConstruction + ", clickBoost=" + clickBoost + ", embeddingLease=" + embeddingLease + "]";
    }
}
