package io.pharos.taxonomy;

import io.pharos.db.Json;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.SqlPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for the taxonomy: nodes with materialized paths, their derived counts, and resource links. */
final class TaxonomyStore {
    private static final String COLUMNS = """
            id, name, slug, parent_id, level, path, description, keywords, resource_count, descendant_resource_count,
            is_leaf, allow_resources, created_at, updated_at""";

    /** Rewrites a subtree's paths and levels: every path under :oldPrefix gets :newPrefix instead. */
    private static final String MOVE_SUBTREE = """
            UPDATE taxonomy_nodes SET path = :newPrefix || substr(path, :cut), level = level + :delta
             WHERE path LIKE :oldPrefix || '%'""";

    /**
     * Recomputes the counts of the node at :path and of all its ancestors (the nodes whose path is a
     * prefix of it): links of the node itself, and distinct resources linked anywhere in its subtree.
     */
    private static final String REFRESH_COUNTS = """
            UPDATE taxonomy_nodes SET
                resource_count = (SELECT count(*) FROM resource_taxonomy rt WHERE rt.taxonomy_id = taxonomy_nodes.id),
                descendant_resource_count = (SELECT count(DISTINCT rt.resource_id) FROM resource_taxonomy rt
                                               JOIN taxonomy_nodes d ON d.id = rt.taxonomy_id
                                              WHERE d.path LIKE taxonomy_nodes.path || '%')
             WHERE :path LIKE path || '%'""";

    private static final String REFRESH_LEAF = """
            UPDATE taxonomy_nodes SET is_leaf = NOT EXISTS (SELECT 1 FROM taxonomy_nodes c WHERE c.parent_id = taxonomy_nodes.id)
             WHERE id = :id""";

    /** Restricts a resource listing to those filed anywhere in the subtree at {@code path}. */
    static ResourceScope subtreeResources(String path) {
        // the pattern is bound whole (path + '%'), so the predicate's text holds no '%' of its own
        return alias -> new SqlPredicate(SqlPredicate.qualifier(alias) + """
                id IN (SELECT rt.resource_id FROM resource_taxonomy rt JOIN taxonomy_nodes n ON n.id = rt.taxonomy_id
                        WHERE n.path LIKE :scope_path)""", Map.of("scope_path", path + "%"));
    }

    /** Restricts a resource listing to those filed under the node itself. */
    static ResourceScope nodeResources(TaxonomyNodeId node) {
        return alias -> new SqlPredicate(SqlPredicate.qualifier(alias) + """
                id IN (SELECT rt.resource_id FROM resource_taxonomy rt WHERE rt.taxonomy_id = :scope_node)""",
                Map.of("scope_node", node.value()));
    }

    private final RowMapper<TaxonomyNode> mapper;

    TaxonomyStore() {
        this.mapper = (rs, ctx) -> {
            ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
            ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
            UUID parent = uuid.map(rs, "parent_id", ctx);
            return new TaxonomyNode(new TaxonomyNodeId(uuid.map(rs, "id", ctx)), rs.getString("name"), rs.getString("slug"),
                    parent == null ? null : new TaxonomyNodeId(parent), rs.getInt("level"), rs.getString("path"),
                    rs.getString("description"), Json.strings(rs.getString("keywords"), "keywords"), rs.getLong("resource_count"),
                    rs.getLong("descendant_resource_count"), rs.getBoolean("is_leaf"), rs.getBoolean("allow_resources"),
                    instant.map(rs, "created_at", ctx), instant.map(rs, "updated_at", ctx));
        };
    }

    /** False when the slug is taken. */
    boolean insert(Handle h, TaxonomyNode n) {
        return h.createUpdate("INSERT INTO taxonomy_nodes (" + COLUMNS + """
                        ) VALUES (:id, :name, :slug, :parent, :level, :path, :description, :keywords, 0, 0, :leaf, :allow, :createdAt, :updatedAt)
                        ON CONFLICT DO NOTHING""")
                .bind("id", n.id().value()).bind("name", n.name()).bind("slug", n.slug())
                .bind("parent", n.parentId() == null ? null : n.parentId().value()).bind("level", n.level()).bind("path", n.path())
                .bind("description", n.description()).bind("keywords", Json.ofStrings(n.keywords()))
                .bind("leaf", n.leaf()).bind("allow", n.allowResources())
                .bind("createdAt", n.createdAt()).bind("updatedAt", n.updatedAt()).execute() == 1;
    }

    Optional<TaxonomyNode> find(Handle h, TaxonomyNodeId id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM taxonomy_nodes WHERE id = :id").bind("id", id.value()).map(mapper).findOne();
    }

    boolean slugTakenByOther(Handle h, String slug, TaxonomyNodeId self) {
        return h.createQuery("SELECT count(*) FROM taxonomy_nodes WHERE slug = :slug AND id <> :self")
                .bind("slug", slug).bind("self", self.value()).mapTo(Long.class).one() > 0;
    }

    List<TaxonomyNode> all(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM taxonomy_nodes ORDER BY path").map(mapper).list();
    }

    boolean hasChildren(Handle h, TaxonomyNodeId id) {
        return h.createQuery("SELECT count(*) FROM (SELECT 1 FROM taxonomy_nodes WHERE parent_id = :id LIMIT 1) t")
                .bind("id", id.value()).mapTo(Long.class).one() > 0;
    }

    void updateFields(Handle h, TaxonomyNode n) {
        h.createUpdate("""
                        UPDATE taxonomy_nodes SET name = :name, slug = :slug, description = :description, keywords = :keywords,
                               allow_resources = :allow, parent_id = :parent, updated_at = :updatedAt WHERE id = :id""")
                .bind("id", n.id().value()).bind("name", n.name()).bind("slug", n.slug()).bind("description", n.description())
                .bind("keywords", Json.ofStrings(n.keywords())).bind("allow", n.allowResources())
                .bind("parent", n.parentId() == null ? null : n.parentId().value()).bind("updatedAt", n.updatedAt()).execute();
    }

    void moveSubtree(Handle h, String oldPrefix, String newPrefix, int levelDelta) {
        h.createUpdate(MOVE_SUBTREE).bind("newPrefix", newPrefix).bind("cut", oldPrefix.length() + 1)
                .bind("delta", levelDelta).bind("oldPrefix", oldPrefix).execute();
    }

    /** The level of the deepest node in the subtree at {@code path}. */
    int deepestLevel(Handle h, String path) {
        return h.createQuery("SELECT max(level) FROM taxonomy_nodes WHERE path LIKE :path || '%'")
                .bind("path", path).mapTo(Integer.class).one();
    }

    void deleteSubtree(Handle h, String path) {
        h.createUpdate("DELETE FROM taxonomy_nodes WHERE path LIKE :path || '%'").bind("path", path).execute();
    }

    void refreshCounts(Handle h, String path) {
        h.createUpdate(REFRESH_COUNTS).bind("path", path).execute();
    }

    void refreshLeaf(Handle h, TaxonomyNodeId id) {
        h.createUpdate(REFRESH_LEAF).bind("id", id.value()).execute();
    }

    /** Paths of the nodes whose own count no longer matches their links (after links vanished by cascade). */
    List<String> stalePaths(Handle h) {
        return h.createQuery("""
                        SELECT path FROM taxonomy_nodes n
                         WHERE resource_count <> (SELECT count(*) FROM resource_taxonomy rt WHERE rt.taxonomy_id = n.id)""")
                .mapTo(String.class).list();
    }

    boolean link(Handle h, ResourceLink l) {
        return h.createUpdate("""
                        INSERT INTO resource_taxonomy (resource_id, taxonomy_id, confidence, is_predicted, created_at)
                        VALUES (:resource, :node, :confidence, :predicted, :createdAt) ON CONFLICT DO NOTHING""")
                .bind("resource", l.resourceId().value()).bind("node", l.taxonomyId().value()).bind("confidence", l.confidence())
                .bind("predicted", l.predicted()).bind("createdAt", l.createdAt()).execute() == 1;
    }

    boolean unlink(Handle h, ResourceId resource, TaxonomyNodeId node) {
        return h.createUpdate("DELETE FROM resource_taxonomy WHERE resource_id = :resource AND taxonomy_id = :node")
                .bind("resource", resource.value()).bind("node", node.value()).execute() == 1;
    }

    List<ResourceLink> links(Handle h, ResourceId resource) {
        return h.createQuery("SELECT resource_id, taxonomy_id, confidence, is_predicted, created_at FROM resource_taxonomy WHERE resource_id = :r ORDER BY created_at, taxonomy_id")
                .bind("r", resource.value())
                .map((rs, ctx) -> {
                    ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
                    double c = rs.getDouble("confidence");
                    Double confidence = rs.wasNull() ? null : c;
                    return new ResourceLink(new ResourceId(uuid.map(rs, "resource_id", ctx)), new TaxonomyNodeId(uuid.map(rs, "taxonomy_id", ctx)),
                            confidence, rs.getBoolean("is_predicted"), ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx));
                }).list();
    }


}
