package io.pharos.search;

import io.pharos.Library;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.pharos.Pharos;
import io.pharos.common.Jsons;
import io.pharos.db.Database;
import io.pharos.db.SchemaMigrator;
import io.pharos.event.DomainEvents;
import io.pharos.resource.ResourceInput;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.ResourceService;
import io.pharos.resource.ResourceLookup;
import io.pharos.testing.Api;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingQueueTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @Test
    void work_queued_while_no_worker_runs_is_embedded_after_a_restart_and_shown_in_readiness() throws Exception {
        // a write with no worker running (a server that stopped before embedding): the queue row commits with it
        try (Library library = Library.open(testDb.settings())) {
            Database db = library.database();
            SearchModule search = library.search();
            var resources = library.resources();
            resources.create(ResourceInput.read(JsonNodeFactory.instance.objectNode().put("title", "Queued").put("content", "a lighthouse keeper's log"), true));
            assertThat(search.index().queueDepth()).isEqualTo(1);
            long embedded = db.read(h -> h.createQuery("SELECT count(*) FROM chunks WHERE embedding IS NOT NULL").mapTo(Long.class).one());
            assertThat(embedded).isZero();
        }
        try (Pharos pharos = Pharos.start(testDb.settings())) {
            Api api = new Api(pharos.port());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (api.get("/health/ready").json().get("search").get("embedding_queue").asLong() > 0) {
                assertThat(System.nanoTime()).as("queue drained in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            io.pharos.testing.TestServer.awaitReplicas(pharos);   // background writes reach read replicas a little later
            var r = api.get("/api/v1/search?mode=semantic&q=lighthouse&limit=1").json();
            assertThat(r.get("results").get(0).get("resource").get("title").asText()).isEqualTo("Queued");
        }
    }

    @Test
    void reindex_rebuilds_derived_indexes_and_re_embeds_everything() {
        try (Library library = Library.open(testDb.settings())) {
            Database db = library.database();
            SearchModule search = library.search();
            var resources = library.resources();
            resources.create(ResourceInput.read(JsonNodeFactory.instance.objectNode().put("title", "Rebuilt").put("content", "foghorn"), true));
            search.index().rechunkAll(n -> {});
            search.index().rebuild();
            assertThat(search.worker().drainAll(n -> {})).isPositive();
            assertThat(search.index().queueDepth()).isZero();
            var hits = search.service().search(new SearchRequest("foghorn", SearchRequest.Mode.KEYWORD, 10, 0, ResourceFilter.none(), ResourceScope.ALL, false, 60, null));
            assertThat(hits.results()).extracting(h -> h.resource().title()).contains("Rebuilt");
        }
    }
}
