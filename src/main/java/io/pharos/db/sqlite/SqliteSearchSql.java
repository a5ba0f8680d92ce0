package io.pharos.db.sqlite;

import io.pharos.resource.SqlPredicate;
import io.pharos.search.SearchSql;
import io.pharos.search.TextQuery;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.Query;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * SQLite: FTS5 external-content table {@code chunks_fts} (porter, unicode61) ranked by its bm25 with
 * column weights; titles for typo-tolerant matching in the trigram table {@code resource_titles_fts}
 * (external content: the first chunk of each resource); embeddings are 384 little-endian float32 in a BLOB, searched exactly by streaming them
 * through a tight dot-product loop (vectors are unit length, so the dot product is the cosine).
 */
final class SqliteSearchSql implements SearchSql {
    private static final int DIM = 384;

    /** Best first; chunks with equal scores by id, as on PostgreSQL, so a filter never reorders the chunks it keeps. */
    @Override
    public List<ChunkScore> keyword(Handle h, TextQuery query, Weights weights, String resourceFilter, Map<String, Object> binds, int limit) {
        if (query.isEmpty()) return List.of();
        String sql = """
                SELECT c.id, c.resource_id, -bm25(chunks_fts, :wt, :wh, 1.0) AS score
                  FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN resources r ON r.id = c.resource_id
                 WHERE chunks_fts MATCH :match AND (%s)
                 ORDER BY bm25(chunks_fts, :wt, :wh, 1.0), c.id LIMIT :limit""".formatted(resourceFilter);
        Query q = h.createQuery(sql).bind("match", matchExpression(query))
                .bind("wt", weights.title()).bind("wh", weights.heading()).bind("limit", limit);
        binds.forEach(q::bind);
        return q.map((rs, ctx) -> new ChunkScore(rs.getLong(1), uuid(ctx).map(rs, 2, ctx), rs.getDouble(3))).list();
    }

    /** {@code ("a" OR "b c") NOT "d"}: every token quoted, so no user text is ever FTS5 syntax. */
    static String matchExpression(TextQuery query) {
        String positive = query.terms().stream().map(SqliteSearchSql::quoted).collect(Collectors.joining(" OR ", "(", ")"));
        StringBuilder s = new StringBuilder(positive);
        for (List<String> x : query.excluded()) s.append(" NOT ").append(quoted(x));
        return s.toString();
    }

    private static String quoted(List<String> tokens) {
        return "\"" + String.join(" ", tokens).replace("\"", "\"\"") + "\"";
    }

    /** One FTS5 statement, run once (not per resource): the resources with a chunk holding an excluded term. */
    @Override
    public SqlPredicate excluding(List<List<String>> excluded) {
        if (excluded.isEmpty()) return SqlPredicate.TRUE;
        String match = excluded.stream().map(SqliteSearchSql::quoted).collect(Collectors.joining(" OR "));
        return new SqlPredicate("""
                r.id NOT IN (SELECT x.resource_id FROM chunks_fts JOIN chunks x ON x.id = chunks_fts.rowid
                              WHERE chunks_fts MATCH :x_match)""", Map.of("x_match", match));
    }

    @Override
    public List<ChunkScore> nearest(Handle h, float[] v, String resourceFilter, Map<String, Object> binds, int limit) {
        String sql = """
                SELECT c.id, c.resource_id, c.embedding FROM chunks c JOIN resources r ON r.id = c.resource_id
                 WHERE c.embedding IS NOT NULL AND (%s)""".formatted(resourceFilter);
        Query q = h.createQuery(sql).setFetchSize(256);
        binds.forEach(q::bind);
        // the heap's head is the worst kept: lowest score, and of equal scores the highest id (ties go by id, as on PostgreSQL)
        Comparator<ChunkScore> worstFirst = Comparator.comparingDouble(ChunkScore::score).thenComparing(ChunkScore::chunkId, Comparator.reverseOrder());
        PriorityQueue<ChunkScore> best = new PriorityQueue<>(limit + 1, worstFirst);
        float[] buffer = new float[DIM];
        q.scanResultSet((supplier, ctx) -> {
            var rs = supplier.get();
            ColumnMapper<UUID> uuid = uuid(ctx);
            while (rs.next()) {
                ByteBuffer.wrap(rs.getBytes(3)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(buffer);
                double score = dot(v, buffer);
                long id = rs.getLong(1);
                if (best.size() < limit || score > best.peek().score() || (score == best.peek().score() && id < best.peek().chunkId())) {
                    best.add(new ChunkScore(id, uuid.map(rs, 2, ctx), score));
                    if (best.size() > limit) best.poll();
                }
            }
            return null;
        });
        List<ChunkScore> out = new ArrayList<>(best);
        out.sort(worstFirst.reversed());
        return out;
    }

    /** A plain counted loop over two float arrays: C2 unrolls and vectorizes it. */
    static double dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < DIM; i++) s += a[i] * b[i];
        return s;
    }

    @Override
    public Map<UUID, String> titleCandidates(Handle h, List<String> words, int limit) {
        List<String> grams = new ArrayList<>();
        for (String w : words) {
            for (int i = 0; i + 3 <= w.length(); i++) {
                String g = w.substring(i, i + 3);
                if (!grams.contains(g)) grams.add(g);
            }
        }
        if (grams.isEmpty()) return Map.of();
        String match = grams.stream().map(g -> "\"" + g.replace("\"", "\"\"") + "\"").collect(Collectors.joining(" OR "));
        Map<UUID, String> out = new LinkedHashMap<>();
        h.createQuery("""
                SELECT c.resource_id, c.title FROM resource_titles_fts f JOIN chunks c ON c.id = f.rowid
                 WHERE resource_titles_fts MATCH :match ORDER BY f.rank LIMIT :limit""")
                .bind("match", match).bind("limit", limit)
                .map((rs, ctx) -> Map.entry(uuid(ctx).map(rs, 1, ctx), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    @Override
    public void setEmbedding(Handle h, long chunkId, float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        h.createUpdate("UPDATE chunks SET embedding = :e WHERE id = :id").bind("e", b.array()).bind("id", chunkId).execute();
    }

    @Override
    public float[] embedding(Handle h, long chunkId) {
        byte[] b = h.createQuery("SELECT embedding FROM chunks WHERE id = :id").bind("id", chunkId)
                .mapTo(byte[].class).findOne().orElse(null);
        if (b == null) return null;
        float[] v = new float[b.length / 4];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }

    @Override
    public List<UUID> claimQueued(Handle h, Lease lease, int limit, int maxAttempts) {
        // one process drains the file (its writes are serialized): the claim records who works on what
        List<UUID> ids = h.createQuery("SELECT resource_id FROM embedding_queue WHERE attempts < :max ORDER BY enqueued_at, resource_id LIMIT :limit")
                .bind("max", maxAttempts).bind("limit", limit).mapTo(UUID.class).list();
        if (!ids.isEmpty()) {
            h.createUpdate("UPDATE embedding_queue SET claimed_by = :owner, claim_expires_at = :until WHERE resource_id IN (<ids>)")
                    .bind("owner", lease.owner()).bind("until", Instant.now().plus(lease.length())).bindList("ids", ids).execute();
        }
        return ids;
    }

    @Override
    public boolean renewClaim(Handle h, UUID resourceId, Lease lease) {
        return h.createUpdate("UPDATE embedding_queue SET claim_expires_at = :until WHERE resource_id = :id AND claimed_by = :owner")
                .bind("until", Instant.now().plus(lease.length())).bind("id", resourceId).bind("owner", lease.owner()).execute() > 0;
    }

    @Override
    public void rebuild(Handle h, int hnswM, int hnswEfConstruction) {
        h.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild')");
        // the title index holds first chunks only, so it is refilled rather than rebuilt from every chunk
        h.execute("INSERT INTO resource_titles_fts (resource_titles_fts) VALUES ('delete-all')");
        h.execute("INSERT INTO resource_titles_fts (rowid, title) SELECT id, title FROM chunks WHERE ordinal = 0");
    }

    @Override
    public void dropRebuiltIndexes(Handle h) {
        // the FTS5 tables follow chunks by trigger and are rebuilt in place: nothing to drop
    }

    private static ColumnMapper<UUID> uuid(org.jdbi.v3.core.statement.StatementContext ctx) {
        return ctx.findColumnMapperFor(UUID.class).orElseThrow();
    }
}
