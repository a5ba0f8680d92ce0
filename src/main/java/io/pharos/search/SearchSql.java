package io.pharos.search;

import io.pharos.db.Database;
import io.pharos.db.postgres.Postgres;
import io.pharos.db.sqlite.Sqlite;
import org.jdbi.v3.core.Handle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The search SQL that differs between the databases: full-text ranking (FTS5 bm25 on SQLite, BM25 from
 * tsvector statistics on PostgreSQL), nearest-vector search (exact streamed cosine on SQLite, HNSW with
 * iterative scans on PostgreSQL), fuzzy title candidates (FTS5 trigram / pg_trgm), index rebuilds and
 * claims on the embedding queue (leases shared by several instances on PostgreSQL, one process on SQLite).
 *
 * <p>{@code resourceFilter} is a portable predicate on the resources table aliased {@code r}, written by
 * the search feature (never user text), with its values in {@code binds}.
 */
public interface SearchSql {

    /** The search SQL of {@code database}'s kind: the one place search asks which database it is on. */
    static SearchSql forDatabase(Database database) {
        return switch (database.url().kind()) {
            case SQLITE -> Sqlite.searchSql();
            case POSTGRESQL -> Postgres.searchSql();
        };
    }

    /** Column weights of the keyword ranking: the title and the section heading relative to body text (1). */
    record Weights(double title, double heading) {}

    /** A scored chunk: for keyword search a BM25 score, for vectors the cosine similarity (higher is better). */
    record ChunkScore(long chunkId, UUID resourceId, double score) {}

    /** The best chunks matching {@code query} by BM25 (k1 1.2, b 0.75), best first. */
    List<ChunkScore> keyword(Handle h, TextQuery query, Weights weights, String resourceFilter, Map<String, Object> binds, int limit);

    /**
     * A predicate over the resources table aliased {@code r}: no chunk of the resource holds any of the
     * {@code excluded} terms (words or phrases, matched as keyword search matches them), with its values.
     */
    io.pharos.resource.SqlPredicate excluding(List<List<String>> excluded);

    /** The chunks nearest to the unit vector {@code v} by cosine, best first; never fewer than exist. */
    List<ChunkScore> nearest(Handle h, float[] v, String resourceFilter, Map<String, Object> binds, int limit);

    /** Resources whose title shares trigrams with {@code words} (typo-tolerant candidates), as id → title. */
    Map<UUID, String> titleCandidates(Handle h, List<String> words, int limit);

    /** Stores a chunk's embedding (384 floats). */
    void setEmbedding(Handle h, long chunkId, float[] v);

    /** A chunk's embedding, or null when it has none yet. */
    float[] embedding(Handle h, long chunkId);

    /** A claim on queued work: the instance holding it, and how long it holds without being renewed. */
    record Lease(String owner, Duration length) {}

    /**
     * Claims for {@code lease} up to {@code limit} of the oldest queued resources that failed fewer than
     * {@code maxAttempts} times, and returns them; runs inside the caller's write transaction. PostgreSQL:
     * entries another instance holds (an unexpired lease, or a row being claimed right now: {@code FOR
     * UPDATE SKIP LOCKED}) are left to it, and an expired lease is taken over. SQLite: one process drains
     * an embedded library, so the oldest entries are taken as they are (a claim left by an earlier run of
     * the file does not hold its entries back).
     */
    List<UUID> claimQueued(Handle h, Lease lease, int limit, int maxAttempts);

    /**
     * Extends {@code lease} on the resource's queue entry; false when its owner no longer holds it (another
     * instance took it over after the lease ran out, the resource was queued again, or it is done).
     */
    boolean renewClaim(Handle h, UUID resourceId, Lease lease);

    /** Rebuilds the derived keyword indexes from the regular tables, and the vector index with these options. */
    void rebuild(Handle h, int hnswM, int hnswEfConstruction);

    /**
     * Drops the indexes {@link #rebuild} creates anew (PostgreSQL's HNSW index), so that a bulk load does
     * not maintain them row by row only to have them rebuilt. Search stays correct meanwhile, only slower.
     */
    void dropRebuiltIndexes(Handle h);
}
