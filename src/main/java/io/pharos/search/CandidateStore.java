package io.pharos.search;

import io.pharos.resource.SqlPredicate;
import org.jdbi.v3.core.Handle;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for candidates found outside the ranked SQL (fuzzy titles): which pass the request's filter, read in one statement. */
final class CandidateStore {

    private static final String PASSING = """
            SELECT r.id, (SELECT c.id FROM chunks c WHERE c.resource_id = r.id ORDER BY c.ordinal LIMIT 1) AS lead_chunk
              FROM resources r
             WHERE r.id IN (<ids>) AND (%s)""";

    /**
     * Of {@code ids}, the resources that exist and pass {@code where} (over {@code resources r}), each with
     * its first chunk's id, or null when it has no chunk.
     */
    Map<UUID, Long> passing(Handle h, Collection<UUID> ids, SqlPredicate where) {
        if (ids.isEmpty()) return Map.of();
        record Lead(UUID resourceId, Long chunkId) {}
        Map<UUID, Long> out = new HashMap<>();
        where.bindTo(h.createQuery(PASSING.formatted(where.sql()))).bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Lead(ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, 1, ctx),
                        rs.getObject(2) == null ? null : rs.getLong(2)))
                .forEach(l -> out.put(l.resourceId(), l.chunkId()));
        return out;
    }
}
