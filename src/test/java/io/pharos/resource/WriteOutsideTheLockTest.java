package io.pharos.resource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.Library;
import io.pharos.common.StaleVersionException;
import io.pharos.search.Chunker;
import io.pharos.search.SearchModule;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expensive part of a resource write (chunking its text) happens before the write transaction, so a
 * large resource does not hold the write path (SQLite's single write lock) while it is chunked; what is
 * stored is what chunking inside the transaction stored before: the same chunks, the same versions.
 */
class WriteOutsideTheLockTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void a_large_resource_is_chunked_while_another_write_holds_the_database_and_stored_with_exactly_those_chunks() throws Exception {
        try (Library library = Library.open(db.settings())) {
            String content = text(ResourceInput.CONTENT_MAX / 4, 1);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> otherWrite = CompletableFuture.runAsync(() -> library.database().write(h -> {
                h.createUpdate("UPDATE resources SET title = title WHERE id IS NULL").execute();
                holding.countDown();
                try {
                    if (!release.await(2, TimeUnit.MINUTES)) throw new AssertionError("the large write was never prepared");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return null;
            }));
            assertThat(holding.await(1, TimeUnit.MINUTES)).isTrue();

            ResourceService.PreparedCreate prepared = library.resources().prepareCreate(input(input("A large report", content)));

            assertThat(otherWrite).as("the other write is still open: preparing did not wait for it").isNotDone();
            assertThat(prepared.prepared().size()).as("the chunks computed ahead").isEqualTo(1);
            release.countDown();
            otherWrite.get(1, TimeUnit.MINUTES);
            Resource created = library.resources().create(prepared);

            assertThat(storedChunks(library, created)).isEqualTo(expectedChunks(library, "A large report", content));
            assertThat(library.search().index().queueDepth()).isEqualTo(1);
        }
    }

    @Test
    void patches_and_batch_imports_store_the_chunks_of_the_text_they_write_and_a_stale_patch_changes_nothing() {
        try (Library library = Library.open(db.settings())) {
            ResourceService resources = library.resources();
            Resource r = resources.create(input(input("Field notes", text(20_000, 2)).put("doi", "10.1000/notes")));
            String edited = text(30_000, 3);

            ObjectNode patch = JsonNodeFactory.instance.objectNode().put("content", edited);
            Resource next = resources.patch(r.id(), ResourceInput.read(patch, false), 1L);
            assertThat(next.version()).isEqualTo(2);
            assertThat(storedChunks(library, next)).isEqualTo(expectedChunks(library, "Field notes", edited));

            ObjectNode stale = JsonNodeFactory.instance.objectNode().put("content", text(10_000, 4));
            assertThatThrownBy(() -> resources.patch(r.id(), ResourceInput.read(stale, false), 1L)).isInstanceOf(StaleVersionException.class);
            assertThat(storedChunks(library, next)).isEqualTo(expectedChunks(library, "Field notes", edited));

            String replacement = text(15_000, 5), fresh = text(12_000, 6);
            BatchOutcome outcome = resources.createBatch(List.of(
                    ResourceInput.BatchItem.read(input("Field notes", replacement).put("doi", "10.1000/notes")),
                    ResourceInput.BatchItem.read(input("Fresh", fresh))), false);
            assertThat(outcome.items()).extracting(BatchOutcome.Item::status).containsExactly(BatchOutcome.Status.UPDATED, BatchOutcome.Status.CREATED);
            Resource replaced = resources.get(r.id());
            assertThat(replaced.version()).isEqualTo(3);
            assertThat(storedChunks(library, replaced)).isEqualTo(expectedChunks(library, "Field notes", replacement));
            Resource created = resources.get(outcome.items().get(1).id());
            assertThat(storedChunks(library, created)).isEqualTo(expectedChunks(library, "Fresh", fresh));
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** About {@code chars} characters of paragraphs under Markdown headings. */
    static String text(int chars, long seed) {
        String[] words = {"lighthouse", "keeper", "harbour", "beacon", "fog", "signal", "coastline", "vessel", "tide", "lantern"};
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder(chars + 1000);
        for (int paragraph = 0; s.length() < chars; paragraph++) {
            if (paragraph % 30 == 0) s.append("## Part ").append(paragraph / 30 + 1).append("\n\n");
            for (int i = 0; i < 50; i++) s.append(words[random.nextInt(words.length)]).append(random.nextInt(500)).append(' ');
            s.append("\n\n");
        }
        return s.substring(0, chars).strip();
    }

    static ObjectNode input(String title, String content) {
        return JsonNodeFactory.instance.objectNode().put("title", title).put("content", content);
    }

    static ResourceInput input(ObjectNode body) {
        return ResourceInput.read(body, true);
    }

    /** What chunking {@code content} gives, as (ordinal, heading, text). */
    static List<String> expectedChunks(Library library, String title, String content) {
        Chunker chunker = SearchModule.chunker(db.settings().search(), library.search().embedderOrNull());
        return chunker.split(title, content).stream().map(p -> p.ordinal() + "|" + p.heading() + "|" + p.text()).toList();
    }

    static List<String> storedChunks(Library library, Resource r) {
        return library.database().read(h -> h.createQuery("SELECT ordinal, heading, text FROM chunks WHERE resource_id = :id ORDER BY ordinal")
                .bind("id", r.id().value()).map((rs, ctx) -> rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3)).list());
    }
}
