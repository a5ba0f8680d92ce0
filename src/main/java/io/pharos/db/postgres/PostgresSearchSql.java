package io.pharos.db.postgres;

import io.pharos.resource.SqlPredicate;
import io.pharos.search.SearchSql;
import io.pharos.search.TextQuery;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * PostgreSQL: keyword search ranks by BM25 computed from term statistics, the same formula as SQLite's
 * FTS5 bm25 (k1 1.2, b 0.75, idf floor 1e-6, column-weighted term frequency): the {@code chunk_terms}
 * postings (filled by a trigger from the generated {@code tsv} column: title weight A, heading B, text C)
 * give per-lexeme frequencies, document frequencies and chunk lengths, with OR semantics. Phrases and
 * exclusions are then checked against {@code tsv} with a tsquery assembled from
 * {@code plainto_tsquery}/{@code phraseto_tsquery} over bound tokens, never parsed from user text.
 * ts_rank_cd is not used: it ranks far worse.
 *
 * <p>Common lexemes are skipped. A lexeme in about half of the chunks or more has idf
 * ln((N - df + 0.5) / (df + 0.5)) at or below the floor, so it adds at most 2.2e-6 to a chunk's score,
 * yet reading its postings is most of the cost on a large library. Its document frequency is counted
 * (an index-only scan of the primary key) but its postings are not aggregated: the chunks matching a
 * rarer query lexeme come back in FTS5's order, short only the common lexemes' 1e-6-scale share (which
 * can only reorder chunks whose scores differ by less than that). When those chunks do not fill the
 * limit (every lexeme is common, or the rare ones match few chunks after the filters), the rest comes
 * from the postings of the least common of the common lexemes, ranked by that lexeme's own tiny score,
 * after the others: a one-word query is ranked exactly as FTS5 ranks it, a query of several common words
 * returns chunks holding its least common word only, and a phrase of common words still finds every
 * chunk holding it (each holds all of the phrase's lexemes). That fallback reads one lexeme's postings,
 * not all of them.
 *
 * <p>Vector search uses the HNSW index with pgvector 0.8 iterative scans (relaxed order, re-sorted), so
 * a selective filter still yields the requested number of rows; JIT is off for search statements.
 */
final class PostgresSearchSql implements SearchSql {
    /** FTS5's idf floor: a lexeme whose idf is not above it adds (almost) nothing to BM25. */
    static final double IDF_FLOOR = 1e-6;

    @Override
    public List<ChunkScore> keyword(Handle h, TextQuery query, Weights weights, String resourceFilter, Map<String, Object> binds, int limit) {
        if (query.isEmpty()) return List.of();
        Map<String, Object> values = new LinkedHashMap<>(binds);
        boolean exact = query.terms().stream().anyMatch(t -> t.size() > 1) || !query.excluded().isEmpty();
        String tsquery = tsquery(query, exact ? values : new LinkedHashMap<>());
        String sql = """
                WITH q (lexeme, idf) AS (SELECT * FROM unnest(CAST(:lexemes AS text[]), CAST(:idfs AS float8[]))),
                m AS (SELECT t.chunk_id, sum(q.idf * (f.tf * 2.2) / (f.tf + 1.2 * (0.25 + 0.75 * t.token_count / :avgdl))) AS score
                        FROM chunk_terms t JOIN q USING (lexeme)
                             CROSS JOIN LATERAL (SELECT t.tf_title * :wt + t.tf_heading * :wh + t.tf_text AS tf) f
                       WHERE t.lexeme = ANY(:lexemes)
                       GROUP BY t.chunk_id)
                SELECT c.id, c.resource_id, m.score
                  FROM m JOIN chunks c ON c.id = m.chunk_id JOIN resources r ON r.id = c.resource_id
                 WHERE (%s) AND (%s) AND c.id <> ALL(:seen)
                 ORDER BY m.score DESC, c.id LIMIT :limit""".formatted(exact ? "c.tsv @@ (" + tsquery + ")" : "TRUE", resourceFilter);
        return h.inTransaction(tx -> {
            tx.execute("SET LOCAL jit = off");
            List<String> lexemes = tx.createQuery("SELECT DISTINCT lexeme FROM unnest(to_tsvector('english', :positive)) ORDER BY 1")
                    .bind("positive", String.join(" ", query.positiveTokens())).mapTo(String.class).list();
            if (lexemes.isEmpty()) return List.<ChunkScore>of();
            double[] stats = stats(tx);
            List<Idf> idfs = tx.createQuery("""
                    SELECT lexeme, greatest(ln(greatest((:n - df + 0.5) / (df + 0.5), 1e-9)), :floor) AS idf
                      FROM (SELECT lexeme, count(*)::float8 AS df FROM chunk_terms WHERE lexeme = ANY(:lexemes) GROUP BY lexeme) d
                     ORDER BY df, lexeme""")
                    .bindArray("lexemes", String.class, lexemes).bind("n", stats[0]).bind("floor", IDF_FLOOR)
                    .map((rs, ctx) -> new Idf(rs.getString(1), rs.getDouble(2))).list();
            // idf falls as df grows and idfs is ordered by df: the rare lexemes come first, then the least common of the rest
            List<Idf> rare = idfs.stream().filter(i -> i.idf() > IDF_FLOOR).toList();
            List<ChunkScore> out = new ArrayList<>();
            if (!rare.isEmpty()) out.addAll(rank(tx, sql, values, rare, stats, weights, limit, List.of()));
            if (out.size() < limit && rare.size() < idfs.size()) {
                out.addAll(rank(tx, sql, values, List.of(idfs.get(rare.size())), stats, weights, limit - out.size(),
                        out.stream().map(ChunkScore::chunkId).toList()));
            }
            return out;
        });
    }

    private record Idf(String lexeme, double idf) {}

    /** The best chunks by the BM25 share of {@code terms}, leaving out the chunks {@code seen}. */
    private static List<ChunkScore> rank(Handle h, String sql, Map<String, Object> values, List<Idf> terms, double[] stats,
                                         Weights weights, int limit, List<Long> seen) {
        Query q = h.createQuery(sql).bindArray("lexemes", String.class, terms.stream().map(Idf::lexeme).toList())
                .bindArray("idfs", Double.class, terms.stream().map(Idf::idf).toList())
                .bindArray("seen", Long.class, seen).bind("avgdl", stats[1])
                .bind("wt", weights.title()).bind("wh", weights.heading()).bind("limit", limit);
        values.forEach(q::bind);
        return q.map((rs, ctx) -> new ChunkScore(rs.getLong(1), uuid(ctx).map(rs, 2, ctx), rs.getDouble(3))).list();
    }

    private volatile double[] cachedStats;
    private volatile long statsAt;

    /**
     * Chunk count and mean length for BM25. Counting is a full scan of chunks, so past 20,000 chunks the
     * figures are reused for up to 5 s (they move slowly); below that they are always current.
     */
    private double[] stats(Handle h) {
        long now = System.nanoTime();
        double[] s = cachedStats;
        if (s == null || s[0] < 20_000 || now - statsAt > 5_000_000_000L) {
            s = h.createQuery("SELECT count(*)::float8, coalesce(avg(token_count), 1)::float8 FROM chunks")
                    .map((rs, ctx) -> new double[] {Math.max(1, rs.getDouble(1)), Math.max(1, rs.getDouble(2))}).one();
            cachedStats = s;
            statsAt = now;
        }
        return s;
    }

    /** {@code (plainto_tsquery(:t0) || phraseto_tsquery(:t1)) && !!plainto_tsquery(:x0)}, tokens bound. */
    static String tsquery(TextQuery query, Map<String, Object> values) {
        List<String> positive = new ArrayList<>();
        for (int i = 0; i < query.terms().size(); i++) {
            positive.add(render(query.terms().get(i), "t" + i, values));
        }
        StringBuilder s = new StringBuilder("(").append(String.join(" || ", positive)).append(")");
        for (int i = 0; i < query.excluded().size(); i++) {
            s.append(" && !!").append(render(query.excluded().get(i), "x" + i, values));
        }
        return s.toString();
    }

    private static String render(List<String> tokens, String name, Map<String, Object> values) {
        values.put(name, String.join(" ", tokens));
        return (tokens.size() == 1 ? "plainto_tsquery" : "phraseto_tsquery") + "('english', :" + name + ")";
    }

    /** Through the GIN index on {@code tsv}: the resources with a chunk holding an excluded term. */
    @Override
    public SqlPredicate excluding(List<List<String>> excluded) {
        if (excluded.isEmpty()) return SqlPredicate.TRUE;
        Map<String, Object> values = new LinkedHashMap<>();
        List<String> any = new ArrayList<>();
        for (int i = 0; i < excluded.size(); i++) any.add(render(excluded.get(i), "x_" + i, values));
        return new SqlPredicate("r.id NOT IN (SELECT x.resource_id FROM chunks x WHERE x.tsv @@ (" + String.join(" || ", any) + "))", values);
    }

    @Override
    public List<ChunkScore> nearest(Handle h, float[] v, String resourceFilter, Map<String, Object> binds, int limit) {
        String sql = """
                SELECT id, resource_id, 1 - dist AS score FROM (
                    SELECT c.id, c.resource_id, c.embedding <=> CAST(:v AS vector) AS dist
                      FROM chunks c JOIN resources r ON r.id = c.resource_id
                     WHERE c.embedding IS NOT NULL AND (%s)
                     ORDER BY c.embedding <=> CAST(:v AS vector) LIMIT :limit) t
                 ORDER BY dist, id""".formatted(resourceFilter);
        return h.inTransaction(tx -> {
            tx.execute("SET LOCAL jit = off");
            tx.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
            tx.execute("SET LOCAL hnsw.ef_search = " + Math.min(1000, Math.max(40, limit)));
            Query q = tx.createQuery(sql).bind("v", vectorText(v)).bind("limit", limit);
            binds.forEach(q::bind);
            return q.map((rs, ctx) -> new ChunkScore(rs.getLong(1), uuid(ctx).map(rs, 2, ctx), rs.getDouble(3))).list();
        });
    }

    @Override
    public Map<UUID, String> titleCandidates(Handle h, List<String> words, int limit) {
        if (words.isEmpty()) return Map.of();
        Map<UUID, String> out = new LinkedHashMap<>();
        h.inTransaction(tx -> {
            tx.execute("SET LOCAL pg_trgm.word_similarity_threshold = 0.3");
            tx.createQuery("""
                    SELECT id, title FROM resources WHERE :q <% lower(title)
                     ORDER BY word_similarity(:q, lower(title)) DESC, id LIMIT :limit""")
                    .bind("q", String.join(" ", words)).bind("limit", limit)
                    .map((rs, ctx) -> Map.entry(uuid(ctx).map(rs, 1, ctx), rs.getString(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return null;
        });
        return out;
    }

    @Override
    public void setEmbedding(Handle h, long chunkId, float[] v) {
        h.createUpdate("UPDATE chunks SET embedding = CAST(:e AS vector) WHERE id = :id").bind("e", vectorText(v)).bind("id", chunkId).execute();
    }

    @Override
    public float[] embedding(Handle h, long chunkId) {
        String text = h.createQuery("SELECT embedding::text FROM chunks WHERE id = :id").bind("id", chunkId)
                .mapTo(String.class).findOne().orElse(null);
        if (text == null) return null;
        String[] parts = text.substring(1, text.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) v[i] = Float.parseFloat(parts[i]);
        return v;
    }

    @Override
    public List<UUID> claimQueued(Handle h, Lease lease, int limit, int maxAttempts) {
        // the database's clock, so that instances whose clocks differ still agree on when a lease ran out
        return h.createQuery("""
                UPDATE embedding_queue q SET claimed_by = :owner, claim_expires_at = now() + CAST(:ms AS float8) * interval '1 millisecond'
                  FROM (SELECT resource_id FROM embedding_queue
                         WHERE attempts < :max AND (claim_expires_at IS NULL OR claim_expires_at <= now())
                         ORDER BY enqueued_at, resource_id LIMIT :limit
                           FOR UPDATE SKIP LOCKED) c
                 WHERE q.resource_id = c.resource_id
                RETURNING q.resource_id""")
                .bind("owner", lease.owner()).bind("ms", lease.length().toMillis()).bind("max", maxAttempts).bind("limit", limit)
                .mapTo(UUID.class).list();
    }

    @Override
    public boolean renewClaim(Handle h, UUID resourceId, Lease lease) {
        return h.createUpdate("""
                UPDATE embedding_queue SET claim_expires_at = now() + CAST(:ms AS float8) * interval '1 millisecond'
                 WHERE resource_id = :id AND claimed_by = :owner""")
                .bind("ms", lease.length().toMillis()).bind("id", resourceId).bind("owner", lease.owner()).execute() > 0;
    }

    @Override
    public void rebuild(Handle h, int hnswM, int hnswEfConstruction) {
        // the tsvector column is generated and chunk_terms follows it by trigger; the HNSW index takes the
        // options. Building it over a large library takes minutes: no statement timeout, more memory.
        h.execute("SET LOCAL statement_timeout = 0");
        h.execute("SET LOCAL maintenance_work_mem = '256MB'");
        h.execute("DROP INDEX IF EXISTS chunks_embedding_hnsw");
        h.execute("CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding vector_cosine_ops) WITH (m = "
                + hnswM + ", ef_construction = " + hnswEfConstruction + ")");
        h.execute("ANALYZE chunks");
    }

    @Override
    public void dropRebuiltIndexes(Handle h) {
        h.execute("DROP INDEX IF EXISTS chunks_embedding_hnsw");
    }

    static String vectorText(float[] v) {
        StringBuilder s = new StringBuilder(v.length * 10).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) s.append(',');
            s.append(v[i]);
        }
        return s.append(']').toString();
    }

    private static ColumnMapper<UUID> uuid(StatementContext ctx) {
        return ctx.findColumnMapperFor(UUID.class).orElseThrow();
    }
}
