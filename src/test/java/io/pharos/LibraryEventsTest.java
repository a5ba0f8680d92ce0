package io.pharos;

import io.pharos.resource.ResourceId;
import io.pharos.testing.Api;
import io.pharos.testing.Cli;
import io.pharos.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line and the server open the same {@link Library}: a resource deleted or imported from a
 * command reaches every subscriber (the search index, the taxonomy's counts) as one over HTTP does.
 */
class LibraryEventsTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    @ParameterizedTest(name = "deleted over {0}")
    @ValueSource(strings = {"http", "the command-line library"})
    void a_deleted_resource_leaves_the_taxonomy_counts_and_the_search_index(String how) {
        String word = "keel" + UUID.randomUUID().toString().substring(0, 8);
        String node, resource;
        try (Pharos server = Pharos.start(testDb.settings())) {
            Api api = new Api(server.port());
            node = api.post("/api/v1/taxonomy", "{\"name\":\"node " + word + "\"}").json().get("id").asText();
            resource = api.post("/api/v1/resources", Api.json(Map.of("title", "Ship " + word, "content", "the " + word + " of a ship")))
                    .json().get("id").asText();
            assertThat(api.post("/api/v1/resources/" + resource + "/taxonomy", Api.json(Map.of("taxonomy_id", node))).status()).isEqualTo(201);
            assertThat(api.get("/api/v1/taxonomy/" + node).json().get("resource_count").asLong()).isEqualTo(1);
            assertThat(keywordHits(api, word)).isEqualTo(1);
            if (how.equals("http")) assertThat(api.delete("/api/v1/resources/" + resource).status()).isEqualTo(204);
        }
        if (!how.equals("http")) {
            try (Library library = Library.open(testDb.settings())) {
                library.resources().delete(ResourceId.parse(resource, "id"));
            }
        }
        try (Pharos server = Pharos.start(testDb.settings())) {
            Api api = new Api(server.port());
            assertThat(api.get("/api/v1/taxonomy/" + node).json().get("resource_count").asLong()).as("taxonomy count").isZero();
            assertThat(keywordHits(api, word)).as("keyword hits").isZero();
            long chunks = server.library().database().read(h -> h.createQuery("SELECT count(*) FROM chunks WHERE text LIKE :w")
                    .bind("w", "%" + word + "%").mapTo(Long.class).one());
            assertThat(chunks).as("chunks left").isZero();
        }
    }

    @Test
    void a_resource_imported_by_the_command_is_indexed_for_search(@TempDir Path dir) throws Exception {
        String word = "jib" + UUID.randomUUID().toString().substring(0, 8);
        Path file = dir.resolve("one.jsonl");
        Files.writeString(file, Api.json(Map.of("title", "Sail " + word, "content", "the " + word + " sail")) + "\n");
        Cli.Run run = Cli.run("import", file.toString(), "--no-progress", "--database-url", testDb.url());
        assertThat(run.exit()).as(run.err()).isZero();
        try (Pharos server = Pharos.start(testDb.settings())) {
            assertThat(keywordHits(new Api(server.port()), word)).isEqualTo(1);
        }
    }

    private static int keywordHits(Api api, String word) {
        return api.get("/api/v1/search?mode=keyword&q=" + word).json().get("results").size();
    }
}
