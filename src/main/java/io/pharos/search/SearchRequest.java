package io.pharos.search;

import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceScope;

/**
 * One search, among the resources of {@code scope} (all, or a collection's members) that pass {@code filter}.
 * {@code rrfK}: the reciprocal-rank-fusion constant (default 60); {@code minSimilarity}: the
 * lowest cosine similarity the semantic branch keeps (null: no cut).
 */
public record SearchRequest(String q, Mode mode, int limit, int offset, ResourceFilter filter, ResourceScope scope,
                            boolean explain, int rrfK, Double minSimilarity) {
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;
    public static final int MAX_OFFSET = 1000;
    public static final int DEFAULT_RRF_K = 60;
    public static final int MAX_QUERY = 1000;

    public enum Mode {
        KEYWORD, SEMANTIC, HYBRID;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
