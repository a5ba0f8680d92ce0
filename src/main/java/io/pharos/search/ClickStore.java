package io.pharos.search;

import io.pharos.resource.ResourceId;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** SQL for click feedback. */
public final class ClickStore {

    public record Click(String query, ResourceId resourceId, Long chunkId, int position, String sessionId, Long dwellTimeMs) {}

    /** Stores {@code c}, made by the caller {@code callerKey} (who the server authenticated, never a client's string). */
    public void insert(Handle h, Click c, String callerKey, Instant now) {
        h.createUpdate("""
                INSERT INTO search_clicks (id, query, query_key, resource_id, chunk_id, position, session_id, dwell_time_ms, created_at, caller_key)
                VALUES (:id, :query, :key, :resourceId, :chunkId, :position, :sessionId, :dwell, :now, :caller)""")
                .bind("caller", callerKey)
                .bind("id", UUID.randomUUID()).bind("query", c.query()).bind("key", QueryParser.key(c.query()))
                .bind("resourceId", c.resourceId().value()).bind("chunkId", c.chunkId()).bind("position", c.position())
                .bind("sessionId", c.sessionId()).bind("dwell", c.dwellTimeMs()).bind("now", now).execute();
    }

    /**
     * For one query key: how many distinct callers clicked each of {@code resources}. However many clicks
     * and session ids one caller sends, it counts once per result.
     */
    public Map<UUID, Integer> callersByResource(Handle h, String key, Collection<UUID> resources) {
        Map<UUID, Integer> out = new HashMap<>();
        if (resources.isEmpty()) return out;
        h.createQuery("""
                SELECT resource_id, count(DISTINCT caller_key) FROM search_clicks
                 WHERE query_key = :key AND resource_id IN (<ids>) GROUP BY resource_id""")
                .bind("key", key).bindList("ids", List.copyOf(resources))
                .map((rs, ctx) -> Map.entry(ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, 1, ctx), rs.getInt(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
