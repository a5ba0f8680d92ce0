package io.pharos.search;

import io.pharos.db.Database;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filtered nearest-neighbour query that keeps 5% of the rows still returns the requested number of
 * results through the HNSW index (pgvector 0.8 iterative scan), not the few that survive a plain
 * ef_search-sized candidate list.
 */
@Tag("postgresql-only")
class FilteredVectorSearchTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void a_filter_keeping_five_percent_of_rows_still_returns_the_requested_count() {
        try (Database db = Database.open(testDb.settings())) {
            new io.pharos.db.SchemaMigrator(db).upgrade();
            int n = 4000;
            Random random = new Random(7);
            db.write(h -> {
                var resources = h.prepareBatch("""
                        INSERT INTO resources (id, title, type, subject, read_status, created_at, updated_at, version)
                        VALUES (:id, :title, :type, '[]', 'unread', now(), now(), 1)""");
                var chunks = h.prepareBatch("""
                        INSERT INTO chunks (resource_id, ordinal, title, text, token_count, embedding)
                        VALUES (:id, 0, :title, 'text', 2, CAST(:v AS vector))""");
                for (int i = 0; i < n; i++) {
                    UUID id = UUID.randomUUID();
                    String type = i % 20 == 0 ? "rare" : "common";
                    resources.bind("id", id).bind("title", "r" + i).bind("type", type).add();
                    chunks.bind("id", id).bind("title", "r" + i).bind("v", vector(random)).add();
                }
                resources.execute();
                chunks.execute();
                h.execute("ANALYZE resources");
                h.execute("ANALYZE chunks");
                return null;
            });
            float[] q = new float[384];
            for (int i = 0; i < q.length; i++) q[i] = (float) random.nextGaussian();
            normalize(q);
            SearchSql sql = SearchSql.forDatabase(db);
            List<SearchSql.ChunkScore> hits = db.read(h -> sql.nearest(h, q, "r.type = :f_type", Map.of("f_type", "rare"), 40));
            assertThat(hits).hasSize(40);
            assertThat(hits).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
            // the same query forced through the HNSW index: the iterative scan keeps going until 40 rows pass the filter
            List<SearchSql.ChunkScore> viaIndex = db.read(h -> h.inTransaction(tx -> {
                tx.execute("SET LOCAL enable_seqscan = off");
                tx.execute("SET LOCAL enable_bitmapscan = off");
                tx.execute("SET LOCAL enable_sort = off");
                String plan = String.join("\n", tx.createQuery("EXPLAIN SELECT c.id FROM chunks c JOIN resources r ON r.id = c.resource_id "
                        + "WHERE c.embedding IS NOT NULL AND r.type = 'rare' ORDER BY c.embedding <=> CAST(:v AS vector) LIMIT 40")
                        .bind("v", text(q)).mapTo(String.class).list());
                assertThat(plan).contains("chunks_embedding_hnsw");
                return sql.nearest(tx, q, "r.type = :f_type", Map.of("f_type", "rare"), 40);
            }));
            assertThat(viaIndex).hasSize(40);
            // without the iterative scan the index would hand over ef_search candidates, of which ~5% pass
            long plain = db.read(h -> h.inTransaction(tx -> {
                tx.execute("SET LOCAL enable_seqscan = off");
                tx.execute("SET LOCAL enable_bitmapscan = off");
                tx.execute("SET LOCAL enable_sort = off");
                tx.execute("SET LOCAL hnsw.iterative_scan = off");
                tx.execute("SET LOCAL hnsw.ef_search = 40");
                return (long) tx.createQuery("SELECT c.id FROM chunks c JOIN resources r ON r.id = c.resource_id "
                        + "WHERE c.embedding IS NOT NULL AND r.type = 'rare' ORDER BY c.embedding <=> CAST(:v AS vector) LIMIT 40")
                        .bind("v", text(q)).mapTo(Long.class).list().size();
            }));
            assertThat(plain).isLessThan(40);
            assertThat(viaIndex.stream().map(SearchSql.ChunkScore::chunkId).toList())
                    .containsAnyElementsOf(hits.stream().map(SearchSql.ChunkScore::chunkId).toList());
        }
    }

    static String vector(Random random) {
        float[] v = new float[384];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        normalize(v);
        return text(v);
    }

    static void normalize(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        for (int i = 0; i < v.length; i++) v[i] /= (float) Math.sqrt(s);
    }

    static String text(float[] v) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) s.append(i == 0 ? "" : ",").append(v[i]);
        return s.append(']').toString();
    }
}
