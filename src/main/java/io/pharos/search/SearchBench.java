package io.pharos.search;

import io.pharos.common.InvalidInputException;
import io.pharos.db.Database;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.ReadStatus;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceService;
import io.pharos.search.embed.Embedder;
import io.pharos.search.embed.OnnxEmbedder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The search benchmark: fills an empty library with synthetic resources (Zipf-distributed words over a
 * 20,000-word vocabulary, five 150-word sections each, chunked by the library's own chunker) and random
 * unit embeddings (latency does not depend on what vectors mean), then times each search mode through
 * {@link SearchService} (query embedding included) and the embedding model's throughput.
 */
public final class SearchBench {
    private static final int VOCABULARY = 20_000;
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "te", "su", "ne", "po", "vi", "da", "ré", "qu", "zo", "fi", "gu", "ha"};

    public record Latency(String mode, int queries, double p50Ms, double p95Ms) {}

    public record Throughput(int chunks, double pipelinePerSecond, double rawModelPerSecond) {}

    private final Database database;
    private final SearchModule search;
    private final ResourceService resources;
    private final Random random = new Random(42);
    private final String[] words = new String[VOCABULARY];
    private final double[] cumulative = new double[VOCABULARY];

    public SearchBench(Database database, SearchModule search, ResourceService resources) {
        this.database = database;
        this.search = search;
        this.resources = resources;
        double total = 0;
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder w = new StringBuilder();
            for (int n = i; ; n /= SYLLABLES.length) {
                w.append(SYLLABLES[n % SYLLABLES.length]);
                if (n < SYLLABLES.length) break;
            }
            words[i] = w.toString();
            total += 1.0 / (i + 1);
            cumulative[i] = total;
        }
        for (int i = 0; i < VOCABULARY; i++) cumulative[i] /= total;
    }

    private String word() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return words[i < 0 ? Math.min(VOCABULARY - 1, -i - 1) : i];
    }

    private String words(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(word());
        return s.toString();
    }

    /** Adds synthetic resources until the library holds {@code chunks} chunks; refuses a library with other data. */
    public long fill(int chunks, Consumer<Long> progress) {
        long existing = database.read(h -> h.createQuery("SELECT count(*) FROM resources WHERE type <> 'bench' OR type IS NULL").mapTo(Long.class).one());
        if (existing > 0) throw InvalidInputException.badRequest("--database-url", "the bench fills its own library: point it at an empty database (this one holds " + existing + " resources)");
        long have = search.index().chunkCount();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        double perResource = 5;     // chunks per resource: measured as the library fills
        while (have < chunks) {
            int batch = (int) Math.min(200, Math.max(1, Math.ceil((chunks - have) / perResource)));
            List<Resource> rows = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                StringBuilder content = new StringBuilder();
                for (int s = 0; s < 5; s++) content.append("## ").append(words(3)).append("\n\n").append(words(150)).append("\n\n");
                rows.add(new Resource(ResourceId.random(), words(4), null, content.toString(), null, null, null, "en", "bench",
                        List.of(), null, null, null, random.nextDouble(), ReadStatus.UNREAD, now, now, 1));
            }
            resources.createAll(rows);   // the search index chunks each one as it is created
            long before = have;
            have = search.index().chunkCount();
            perResource = Math.max(1, (have - before) / (double) batch);
            progress.accept(have);
        }
        return have;
    }

    /** Gives every chunk without an embedding a random unit vector, then rebuilds the vector index. */
    public void randomEmbeddings(Consumer<Long> progress) {
        database.write(h -> {
            h.execute("DELETE FROM embedding_queue");
            return null;
        });
        while (true) {
            List<Long> ids = database.read(h -> h.createQuery("SELECT id FROM chunks WHERE embedding IS NULL LIMIT 2000").mapTo(Long.class).list());
            if (ids.isEmpty()) break;
            database.write(h -> {
                for (long id : ids) SearchSql.forDatabase(database).setEmbedding(h, id, randomUnit());
                return null;
            });
            progress.accept((long) ids.size());
        }
        search.index().rebuild();
    }

    private float[] randomUnit() {
        float[] v = new float[Embedder.DIMENSION];
        for (int i = 0; i < v.length; i++) v[i] = (float) random.nextGaussian();
        return OnnxEmbedder.normalize(v);
    }

    /** p50 / p95 of each mode over {@code queries} queries of 2 to 5 words. */
    public List<Latency> latencies(int queries) {
        List<String> qs = new ArrayList<>();
        for (int i = 0; i < queries; i++) qs.add(words(2 + random.nextInt(4)));
        List<Latency> out = new ArrayList<>();
        List<SearchRequest.Mode> modes = search.embedderOrNull() == null ? List.of(SearchRequest.Mode.KEYWORD) : List.of(SearchRequest.Mode.values());
        for (SearchRequest.Mode mode : modes) {
            for (int i = 0; i < Math.min(10, queries); i++) run(qs.get(i), mode);   // warm-up
            double[] ms = new double[queries];
            for (int i = 0; i < queries; i++) {
                long t0 = System.nanoTime();
                run(qs.get(i), mode);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            out.add(new Latency(mode.wire(), queries, ms[(int) Math.floor(0.5 * (queries - 1))], ms[(int) Math.ceil(0.95 * (queries - 1))]));
        }
        return out;
    }

    private void run(String q, SearchRequest.Mode mode) {
        search.service().search(new SearchRequest(q, mode, 10, 0, ResourceFilter.none(), ResourceScope.ALL, false, SearchRequest.DEFAULT_RRF_K, null));
    }

    /** Chunks per second through the whole embedding path versus the bare model call on pre-tokenized input. */
    public Throughput throughput(int chunks) {
        if (!(search.embedderOrNull() instanceof OnnxEmbedder onnx)) return null;
        List<String> texts = database.read(h -> h.createQuery("SELECT title, heading, text FROM chunks ORDER BY id LIMIT :n").bind("n", chunks)
                .map((rs, ctx) -> new ChunkStore.Chunk(0, null, 0, rs.getString(1), rs.getString(2), rs.getString(3)).embeddingInput()).list());
        double[] r = onnx.throughput(texts);
        return new Throughput(texts.size(), r[0], r[1]);
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("database", database.dialect().name());
        m.put("chunks", search.index().chunkCount());
        m.put("embeddings", search.embedderOrNull() == null ? "none" : search.embedderOrNull().describe());
        return m;
    }
}
