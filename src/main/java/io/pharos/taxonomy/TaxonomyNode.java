package io.pharos.taxonomy;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A node of the subject taxonomy. {@code path} is materialized: the ids from the root down, as
 * {@code /<root id>/<child id>/}; {@code level} is 0 at a root. {@code resourceCount} counts the resources
 * linked to this node; {@code descendantResourceCount} the distinct resources linked to it or anything below.
 */
public record TaxonomyNode(TaxonomyNodeId id, String name, String slug, TaxonomyNodeId parentId, int level, String path,
                           String description, List<String> keywords, long resourceCount, long descendantResourceCount,
                           @JsonProperty("is_leaf") boolean leaf, boolean allowResources, Instant createdAt, Instant updatedAt) {

    static String childPath(String parentPath, TaxonomyNodeId id) {
        return (parentPath == null ? "/" : parentPath) + id + "/";
    }
}
