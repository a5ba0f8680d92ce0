package io.pharos.search;

import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * SQL for chunks and the embedding queue: portable statements, written once. Claims on the queue, which
 * differ per database, are {@link SearchSql#claimQueued} and {@link SearchSql#renewClaim}.
 */
public final class ChunkStore {

    /** A stored chunk. */
    public record Chunk(long id, UUID resourceId, int ordinal, String title, String heading, String text) {
        /** What the embedding model reads: title, heading and text. */
        public String embeddingInput() {
            return title + (heading == null ? "" : "\n" + heading) + "\n" + text;
        }
    }

    private static final String COLUMNS = "id, resource_id, ordinal, title, heading, text";

    /** A chunk about to be stored: a {@link Chunker.Piece} with its token count (title, heading and text), computed before the write. */
    public record NewChunk(int ordinal, String heading, String text, int tokens) {
        static NewChunk of(String title, Chunker.Piece p) {
            return new NewChunk(p.ordinal(), p.heading(), p.text(), Tokens.count(title) + Tokens.count(p.heading()) + Tokens.count(p.text()));
        }
    }

    /** Replaces the resource's chunks with {@code pieces} (which carry its current title). */
    public void replace(Handle h, Resource r, List<NewChunk> pieces) {
        h.createUpdate("DELETE FROM chunks WHERE resource_id = :id").bind("id", r.id().value()).execute();
        var batch = h.prepareBatch("""
                INSERT INTO chunks (resource_id, ordinal, title, heading, text, token_count)
                VALUES (:resourceId, :ordinal, :title, :heading, :text, :tokens)""");
        for (NewChunk p : pieces) {
            batch.bind("resourceId", r.id().value()).bind("ordinal", p.ordinal()).bind("title", r.title())
                    .bind("heading", p.heading()).bind("text", p.text()).bind("tokens", p.tokens())
                    .add();
        }
        if (!pieces.isEmpty()) batch.execute();
    }

    public Map<Long, Chunk> byIds(Handle h, Collection<Long> ids) {
        if (ids.isEmpty()) return Map.of();
        return h.createQuery("SELECT " + COLUMNS + " FROM chunks WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> map(rs, ctx)).stream().collect(Collectors.toMap(Chunk::id, Function.identity()));
    }

    /** The resource's first {@code limit} chunks that have no embedding yet. */
    public List<Chunk> unembedded(Handle h, ResourceId id, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM chunks WHERE resource_id = :id AND embedding IS NULL ORDER BY ordinal LIMIT :limit")
                .bind("id", id.value()).bind("limit", limit).map((rs, ctx) -> map(rs, ctx)).list();
    }

    /** The first chunk of a resource that has an embedding (its lead section), if any. */
    public Long firstEmbedded(Handle h, ResourceId id) {
        return h.createQuery("SELECT id FROM chunks WHERE resource_id = :id AND embedding IS NOT NULL ORDER BY ordinal LIMIT 1")
                .bind("id", id.value()).mapTo(Long.class).findOne().orElse(null);
    }

    public long countChunks(Handle h) {
        return h.createQuery("SELECT count(*) FROM chunks").mapTo(Long.class).one();
    }

    private static Chunk map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws java.sql.SQLException {
        UUID rid = ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, "resource_id", ctx);
        return new Chunk(rs.getLong("id"), rid, rs.getInt("ordinal"), rs.getString("title"), rs.getString("heading"), rs.getString("text"));
    }

    // ---- embedding queue -------------------------------------------------------------------------

    /**
     * Queues the resource; queued again it is new work, so a claim on its old chunks ends (the instance
     * holding it sees that when it renews, and stops).
     */
    public void enqueue(Handle h, ResourceId id, Instant now) {
        h.createUpdate("""
                INSERT INTO embedding_queue (resource_id, enqueued_at, attempts) VALUES (:id, :now, 0)
                ON CONFLICT (resource_id) DO UPDATE SET enqueued_at = excluded.enqueued_at, attempts = 0, last_error = NULL,
                       claimed_by = NULL, claim_expires_at = NULL""")
                .bind("id", id.value()).bind("now", now).execute();
    }

    /** Gives up {@code owner}'s claim on the resource's queue entry, so any instance may take it at once. */
    public void release(Handle h, ResourceId id, String owner) {
        h.createUpdate("UPDATE embedding_queue SET claimed_by = NULL, claim_expires_at = NULL WHERE resource_id = :id AND claimed_by = :owner")
                .bind("id", id.value()).bind("owner", owner).execute();
    }

    /**
     * Sends the resource, still queued after its turn, to the back of the line and gives up {@code owner}'s
     * claim, so the resources queued behind it get their turn first (and any instance may take its next one).
     */
    public void backOfTheLine(Handle h, ResourceId id, String owner, Instant now) {
        h.createUpdate("""
                UPDATE embedding_queue SET enqueued_at = :now, claimed_by = NULL, claim_expires_at = NULL
                 WHERE resource_id = :id AND claimed_by = :owner""")
                .bind("now", now).bind("id", id.value()).bind("owner", owner).execute();
    }

    public long queueDepth(Handle h) {
        return h.createQuery("SELECT count(*) FROM embedding_queue").mapTo(Long.class).one();
    }

    /** The chunks of queued resources that have no embedding yet. */
    public long queuedChunks(Handle h) {
        return h.createQuery("""
                SELECT count(*) FROM embedding_queue q JOIN chunks c ON c.resource_id = q.resource_id WHERE c.embedding IS NULL""")
                .mapTo(Long.class).one();
    }

    /** Removes the queue entry once every chunk of the resource has its embedding. */
    public void doneIfComplete(Handle h, ResourceId id) {
        h.createUpdate("""
                DELETE FROM embedding_queue WHERE resource_id = :id
                   AND NOT EXISTS (SELECT 1 FROM chunks WHERE resource_id = :id AND embedding IS NULL)""")
                .bind("id", id.value()).execute();
    }

    /** Counts a failed attempt and releases the claim, so the next try may come from any instance. */
    public void failed(Handle h, ResourceId id, String error) {
        h.createUpdate("""
                UPDATE embedding_queue SET attempts = attempts + 1, last_error = :error, claimed_by = NULL, claim_expires_at = NULL
                 WHERE resource_id = :id""")
                .bind("id", id.value()).bind("error", error.length() > 1000 ? error.substring(0, 1000) : error).execute();
    }
}
