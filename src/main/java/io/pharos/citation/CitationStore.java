package io.pharos.citation;

import io.pharos.resource.ResourceId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** SQL for citations, including the portable recursive neighbourhood query. */
final class CitationStore {
    private static final String COLUMNS = "id, source_resource_id, target_resource_id, citation_type, context, confidence, created_at";

    private static final RowMapper<Citation> MAPPER = (rs, ctx) -> {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        double confidence = rs.getDouble("confidence");
        Double conf = rs.wasNull() ? null : confidence;
        return new Citation(new CitationId(uuid.map(rs, "id", ctx)), new ResourceId(uuid.map(rs, "source_resource_id", ctx)),
                new ResourceId(uuid.map(rs, "target_resource_id", ctx)),
                CitationType.valueOf(rs.getString("citation_type").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("context"), conf, instant.map(rs, "created_at", ctx));
    };

    /**
     * Resources within :depth hops of :root, following citations in both directions, each with its
     * shortest distance. {@code UNION} (not ALL) drops repeated (node, distance) pairs; the depth bound ends the walk.
     */
    private static final String NEIGHBOURHOOD = """
            WITH RECURSIVE edges (a, b) AS (
                SELECT source_resource_id, target_resource_id FROM citations
                UNION ALL
                SELECT target_resource_id, source_resource_id FROM citations
            ), walk (id, distance) AS (
                SELECT id, 0 FROM resources WHERE id = :root
                UNION
                SELECT e.b, w.distance + 1 FROM walk w JOIN edges e ON e.a = w.id WHERE w.distance < :depth
            )
            SELECT r.id, r.title, r.type, MIN(w.distance) AS distance
              FROM walk w JOIN resources r ON r.id = w.id
             GROUP BY r.id, r.title, r.type
             ORDER BY MIN(w.distance), r.id""";

    /** Inserts unless the same (source, target, type) exists; false then. */
    boolean insert(Handle h, Citation c) {
        return h.createUpdate("INSERT INTO citations (" + COLUMNS + ") VALUES (:id, :source, :target, :type, :context, :confidence, :createdAt) ON CONFLICT DO NOTHING")
                .bind("id", c.id().value()).bind("source", c.sourceResourceId().value()).bind("target", c.targetResourceId().value())
                .bind("type", c.citationType().wire()).bind("context", c.context()).bind("confidence", c.confidence())
                .bind("createdAt", c.createdAt()).execute() == 1;
    }

    boolean delete(Handle h, CitationId id) {
        return h.createUpdate("DELETE FROM citations WHERE id = :id").bind("id", id.value()).execute() == 1;
    }

    List<Citation> outgoing(Handle h, ResourceId r) {
        return h.createQuery("SELECT " + COLUMNS + " FROM citations WHERE source_resource_id = :r ORDER BY created_at, id")
                .bind("r", r.value()).map(MAPPER).list();
    }

    List<Citation> incoming(Handle h, ResourceId r) {
        return h.createQuery("SELECT " + COLUMNS + " FROM citations WHERE target_resource_id = :r ORDER BY created_at, id")
                .bind("r", r.value()).map(MAPPER).list();
    }

    List<CitationGraph.Node> neighbourhood(Handle h, ResourceId root, int depth) {
        return h.createQuery(NEIGHBOURHOOD).bind("root", root.value()).bind("depth", depth)
                .map((rs, ctx) -> new CitationGraph.Node(
                        new ResourceId(ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, "id", ctx)),
                        rs.getString("title"), rs.getString("type"), rs.getInt("distance")))
                .list();
    }

    /** Citations whose both ends are among {@code ids}. */
    List<Citation> among(Handle h, List<ResourceId> ids) {
        List<UUID> values = ids.stream().map(ResourceId::value).toList();
        return h.createQuery("SELECT " + COLUMNS + " FROM citations WHERE source_resource_id IN (<ids>) AND target_resource_id IN (<ids>) ORDER BY created_at, id")
                .bindList("ids", values).map(MAPPER).list();
    }
}
