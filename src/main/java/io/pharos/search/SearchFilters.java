package io.pharos.search;

import io.pharos.db.Dialect;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The resource filters a search takes (on the resources table aliased {@code r}); null means no filter.
 * Rendered to a fixed SQL predicate with bound values, never user text.
 */
public record SearchFilters(String type, String language, String subject, Instant createdAfter, Instant createdBefore,
                            Double minQuality, UUID collection) {

    public static SearchFilters none() {
        return new SearchFilters(null, null, null, null, null, null, null);
    }

    String sql(Dialect dialect) {
        StringBuilder s = new StringBuilder("1 = 1");
        if (type != null) s.append(" AND r.type = :f_type");
        if (language != null) s.append(" AND r.language = :f_language");
        if (subject != null) s.append(" AND ").append(dialect.jsonArrayContains("r.subject", "f_subject"));
        if (createdAfter != null) s.append(" AND r.created_at > :f_created_after");
        if (createdBefore != null) s.append(" AND r.created_at < :f_created_before");
        if (minQuality != null) s.append(" AND r.quality_score >= :f_min_quality");
        if (collection != null) s.append(" AND r.id IN (SELECT cr.resource_id FROM collection_resources cr WHERE cr.collection_id = :f_collection)");
        return s.toString();
    }

    Map<String, Object> binds() {
        Map<String, Object> b = new LinkedHashMap<>();
        if (type != null) b.put("f_type", type);
        if (language != null) b.put("f_language", language);
        if (subject != null) b.put("f_subject", subject);
        if (createdAfter != null) b.put("f_created_after", createdAfter);
        if (createdBefore != null) b.put("f_created_before", createdBefore);
        if (minQuality != null) b.put("f_min_quality", minQuality);
        if (collection != null) b.put("f_collection", collection);
        return b;
    }

    /** Adds one more predicate (e.g. excluding a resource) to these filters' SQL and binds. */
    String sqlExcluding(Dialect dialect) {
        return sql(dialect) + " AND r.id <> :f_exclude";
    }
}
