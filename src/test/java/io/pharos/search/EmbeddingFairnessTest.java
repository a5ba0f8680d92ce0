package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pharos.Library;
import io.pharos.Pharos;
import io.pharos.config.Settings;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceInput;
import io.pharos.testing.Api;
import io.pharos.testing.CountingEmbeddings;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedding queue interleaves resources: each round gives every claimed resource one turn of at most
 * {@link EmbeddingWorker#SLICE_CHUNKS} chunks and sends an incomplete one to the back of the line, so a
 * large document does not starve the resources queued after it; every chunk is still embedded exactly
 * once (counted at a fake embeddings endpoint). {@code /health/ready} reports the queue in resources and
 * chunks, with an estimated time to drain once a rate is known.
 */
class EmbeddingFairnessTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static CountingEmbeddings fake;

    @BeforeAll
    static void startFake() throws Exception {
        fake = new CountingEmbeddings();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @BeforeEach
    void emptyLibrary() {
        fake.reset();
        try (Library library = Library.open(settings())) {
            library.database().write(h -> h.execute("DELETE FROM resources"));
        }
    }

    @Test
    void small_resources_queued_after_a_large_one_are_embedded_before_it_finishes_and_every_chunk_exactly_once() {
        try (Library library = Library.open(settings())) {
            Resource large = create(library, "A large manual", words(0, 8_000));
            List<Resource> small = new ArrayList<>();
            int smallCount = 2 * EmbeddingWorker.BATCH_RESOURCES + 4;   // three rounds' worth
            for (int i = 0; i < smallCount; i++) small.add(create(library, "Note " + i, "a short note on foghorn " + i));
            long largeChunks = chunks(library, large);
            assertThat(largeChunks).as("the large resource needs many turns").isGreaterThan(5L * EmbeddingWorker.SLICE_CHUNKS);

            EmbeddingWorker worker = library.search().worker();
            int rounds = 0;
            while (small.stream().anyMatch(r -> embedded(library, r) == 0)) {
                assertThat(worker.drainOnce()).isPositive();
                assertThat(++rounds).as("rounds until every small resource is embedded").isLessThanOrEqualTo(3);
            }

            // round 1: the large one and 7 small ones; it goes to the back, so round 2 is 8 small ones
            // and round 3 the last 5 with the large one's second turn
            assertThat(embedded(library, large)).as("chunks of the large resource embedded meanwhile")
                    .isLessThanOrEqualTo(2L * EmbeddingWorker.SLICE_CHUNKS).isLessThan(largeChunks);
            worker.drainAll(n -> {});
            assertThat(embedded(library, large)).isEqualTo(largeChunks);
            assertThat(library.search().index().queueDepth()).isZero();
            Map<String, Integer> counts = fake.counts("fair");
            assertThat(counts).hasSize((int) largeChunks + smallCount);
            assertThat(counts.values()).allMatch(n -> n == 1);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void readiness_reports_queued_resources_and_chunks_and_estimates_the_time_to_drain_once_a_rate_is_measured() throws Exception {
        try (Library library = Library.open(settings())) {
            Resource large = create(library, "A large manual", words(0, 3_000));
            create(library, "Note", "a short note on foghorns");
            long total = chunks(library, large) + 1;

            Map<String, Object> before = (Map<String, Object>) library.search().health().get("embedding_backlog");
            assertThat(before).containsEntry("resources", 2L).containsEntry("chunks", total)
                    .containsEntry("recent_chunks_per_second", null).containsEntry("estimated_seconds_to_drain", null);
            assertThat((String) before.get("estimate")).contains("estimate");

            library.search().worker().drainOnce();
            Map<String, Object> during = (Map<String, Object>) library.search().health().get("embedding_backlog");
            assertThat(during).containsEntry("resources", 1L)
                    .containsEntry("chunks", total - 1 - EmbeddingWorker.SLICE_CHUNKS);
            assertThat((Double) during.get("recent_chunks_per_second")).isPositive();
            assertThat((Long) during.get("estimated_seconds_to_drain")).isPositive();
        }
        try (Pharos pharos = Pharos.start(settings())) {
            Api api = new Api(pharos.port());
            JsonNode backlog = null;
            for (int i = 0; i < 1200; i++) {
                backlog = api.get("/health/ready").json().get("search").get("embedding_backlog");
                if (backlog.get("resources").asLong() == 0) break;
                Thread.sleep(50);
            }
            assertThat(backlog.get("resources").asLong()).as("the queue drained").isZero();
            assertThat(backlog.get("chunks").asLong()).isZero();
            assertThat(backlog.get("estimated_seconds_to_drain").asLong()).isZero();
            assertThat(backlog.has("recent_chunks_per_second")).isTrue();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static Settings settings() {
        return db.settings(Map.of("PHAROS_EMBEDDINGS_URL", fake.url("fair"), "PHAROS_EMBEDDINGS_MODEL", "fake-embed",
                "PHAROS_CHUNK_TOKENS", "64"));
    }

    static Resource create(Library library, String title, String content) {
        return library.resources().create(ResourceInput.read(JsonNodeFactory.instance.objectNode().put("title", title).put("content", content), true));
    }

    /** {@code count} distinct words, in paragraphs (so no two chunks have the same text). */
    static String words(int from, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < from + count; i++) s.append("keeper").append(i).append(i % 40 == 39 ? "\n\n" : " ");
        return s.toString().strip();
    }

    static long chunks(Library library, Resource r) {
        return library.database().read(h -> h.createQuery("SELECT count(*) FROM chunks WHERE resource_id = :id")
                .bind("id", r.id().value()).mapTo(Long.class).one());
    }

    static long embedded(Library library, Resource r) {
        return library.database().read(h -> h.createQuery("SELECT count(*) FROM chunks WHERE resource_id = :id AND embedding IS NOT NULL")
                .bind("id", r.id().value()).mapTo(Long.class).one());
    }
}
