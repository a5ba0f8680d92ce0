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
        java.time.Duration embeddingLease,
        Ranking ranking) {

    /**
     * How search ranks and where its lists end. {@code minSimilarity}: the lowest cosine the semantic branch
     * keeps (semantic and hybrid) unless a request names its own; {@code fusion}: {@code convex} or
     * {@code rrf}; {@code fusionWeight}: the semantic branch's share of a convex fusion; the windows: how
     * many resources of each branch hybrid fuses; {@code minFused}: the lowest fused score (convex) kept.
     */
    public record Ranking(double minSimilarity, String fusion, double fusionWeight, int keywordWindow, int semanticWindow, double minFused) {}

    /**
     * The default similarity floor of each model: just above where unrelated text lands. all-MiniLM-L6-v2
     * gives unrelated query and page pairs -0.1 to 0.25 and a page that answers 0.3 or more; bge-small-en-v1.5
     * packs every pair higher; an endpoint's model is taken to spread like MiniLM.
     */
    static double defaultMinSimilarity(String embeddings, String url) {
        if (!url.isEmpty()) return 0.2;
        return embeddings.equals("bge-small-en-v1.5") ? 0.45 : 0.2;
    }

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
        d.put("PHAROS_SEARCH_MIN_SIMILARITY", "");
        d.put("PHAROS_SEARCH_FUSION", "rrf");
        d.put("PHAROS_SEARCH_FUSION_WEIGHT", "0.5");
        d.put("PHAROS_SEARCH_KEYWORD_WINDOW", "50");
        d.put("PHAROS_SEARCH_SEMANTIC_WINDOW", "50");
        d.put("PHAROS_SEARCH_MIN_FUSED", "0");
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
                java.time.Duration.ofMillis(Settings.intIn("PHAROS_EMBEDDING_LEASE_MS", get.apply("PHAROS_EMBEDDING_LEASE_MS"), 1000, 3_600_000)),
                ranking(get, embeddings));
    }

    private static Ranking ranking(Function<String, String> get, String embeddings) {
        String floor = get.apply("PHAROS_SEARCH_MIN_SIMILARITY").strip();
        String fusion = get.apply("PHAROS_SEARCH_FUSION").strip().toLowerCase(java.util.Locale.ROOT);
        if (!fusion.equals("convex") && !fusion.equals("rrf")) {
            throw new ConfigurationException("PHAROS_SEARCH_FUSION", "expected convex or rrf, got '" + fusion + "'");
        }
        return new Ranking(floor.isEmpty() ? defaultMinSimilarity(embeddings, get.apply("PHAROS_EMBEDDINGS_URL").strip())
                        : number("PHAROS_SEARCH_MIN_SIMILARITY", floor, -1, 1),
                fusion,
                number("PHAROS_SEARCH_FUSION_WEIGHT", get.apply("PHAROS_SEARCH_FUSION_WEIGHT"), 0, 1),
                Settings.intIn("PHAROS_SEARCH_KEYWORD_WINDOW", get.apply("PHAROS_SEARCH_KEYWORD_WINDOW"), 1, 1000),
                Settings.intIn("PHAROS_SEARCH_SEMANTIC_WINDOW", get.apply("PHAROS_SEARCH_SEMANTIC_WINDOW"), 1, 1000),
                number("PHAROS_SEARCH_MIN_FUSED", get.apply("PHAROS_SEARCH_MIN_FUSED"), 0, 1));
    }

    private static double number(String name, String value, double min, double max) {
        try {
            double d = Double.parseDouble(value.strip());
            if (!(d >= min && d <= max)) throw new NumberFormatException();
            return d;
        } catch (RuntimeException e) {
            throw new ConfigurationException(name, "expected a number from " + min + " to " + max + ", got '" + value + "'");
        }
    }

    public boolean semanticEnabled() {
        return !embeddings.equals("none");
    }

    @Override
    public String toString() {
        return "SearchSettings[embeddings=" + embeddings + ", url=" + embeddingsUrl + ", model=" + embeddingsModel
                + ", key=" + (embeddingsKey == null || embeddingsKey.isEmpty() ? "" : "***") + ", chunkTokens=" + chunkTokens + ", hnswM=" + hnswM
                + ", hnswEfConstruction=" + hnswEfConstruction + ", clickBoost=" + clickBoost + ", embeddingLease=" + embeddingLease + ", ranking=" + ranking + "]";
    }
}
