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

    /**
     * The most levels a tree may have (roots at level 0, the deepest at {@code MAX_DEPTH - 1}): a path holds
     * 37 characters a level, so the deepest path is 1,185 characters, well below PostgreSQL's btree row limit
     * (about 2,700 bytes, reached near 72 levels) and the same on both databases.
     */
    static final int MAX_DEPTH = 32;

    static String childPath(String parentPath, TaxonomyNodeId id) {
        return (parentPath == null ? "/" : parentPath) + id + "/";
    }
}
