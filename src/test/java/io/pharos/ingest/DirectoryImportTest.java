package io.pharos.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.Pharos;
import io.pharos.resource.ResourceService;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryImportTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_EMBEDDINGS", "none"));

    @Test
    void a_folder_is_imported_with_relative_sources_and_importing_again_updates() throws Exception {
        Path dir = server.database().dir().resolve("docs");
        Files.createDirectories(dir.resolve("guide"));
        Files.writeString(dir.resolve("guide/intro.md"), "# Getting started\n\nInstall the lantern first.\n");
        Files.writeString(dir.resolve("notes.txt"), "Shopping list\nlamp oil, wicks\n");
        Files.writeString(dir.resolve("page.html"), """
                <html><head><title>Beacon page</title><style>.x{}</style></head><body>
                <div class="nosearch">MENU menu-only-word</div><nav>navonly</nav>
                <h2>Signals</h2><p>Flashing <b>beacons</b> &amp; horns.</p><script>scriptonly()</script>
                <div style="display:none">hiddenonly</div></body></html>""");
        Files.writeString(dir.resolve("image.png"), "not a document");

        Pharos pharos = server.pharos();
        ResourceService resources = resourceService(pharos);
        var importer = new DirectoryImporter(pharos.library().database(), resources);
        List<String> seen = new ArrayList<>();
        var first = importer.importDirectory(dir, p -> seen.add(p.path()));
        assertThat(first).isEqualTo(new DirectoryImporter.Summary(3, 3, 0, 0, 0, List.of(new DirectoryImporter.SkippedFile("image.png", "unsupported extension")), List.of(), 0));
        assertThat(seen).containsExactly("guide/intro.md", "notes.txt", "page.html");

        Api api = server.api();
        JsonNode hit = api.get("/api/v1/search?mode=keyword&include=content&q=beacons").json().get("results").get(0).get("resource");
        assertThat(hit.get("title").asText()).isEqualTo("Beacon page");
        assertThat(hit.get("source").asText()).isEqualTo("page.html");
        assertThat(hit.get("content").asText()).contains("## Signals").contains("Flashing beacons & horns.")
                .doesNotContain("menu-only-word").doesNotContain("navonly").doesNotContain("scriptonly").doesNotContain("hiddenonly");
        assertThat(api.get("/api/v1/search?mode=keyword&q=lantern").json().get("results").get(0).get("resource").get("title").asText())
                .isEqualTo("Getting started");
        assertThat(api.get("/api/v1/search?mode=keyword&q=wicks").json().get("results").get(0).get("resource").get("title").asText())
                .isEqualTo("Shopping list");

        Files.writeString(dir.resolve("guide/intro.md"), "# Getting started\n\nInstall the lens first.\n");
        var second = importer.importDirectory(dir, p -> {});
        assertThat(second).isEqualTo(new DirectoryImporter.Summary(3, 0, 1, 2, 0, List.of(new DirectoryImporter.SkippedFile("image.png", "unsupported extension")), List.of(), 0));
        assertThat(api.get("/api/v1/resources?limit=50").json().get("items").size()).isEqualTo(3);
        assertThat(api.get("/api/v1/search?mode=keyword&q=lantern").json().get("results")).isEmpty();
        assertThat(api.get("/api/v1/search?mode=keyword&q=lens").json().get("results")).hasSize(1);
    }

    @Test
    void files_gone_since_the_last_import_are_reported_and_with_prune_their_resources_deleted() throws Exception {
        Path dir = server.database().dir().resolve("shrinking");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("keep.md"), "# Kept\n\nthe foghorn stays\n");
        Files.writeString(dir.resolve("gone.md"), "# Gone\n\nthe semaphore goes\n");
        Api api = server.api();
        io.pharos.testing.Cli.Run first = io.pharos.testing.Cli.run("import", dir.toString(), "--no-progress", "--database-url", server.database().url());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("2 files: 2 created");
        assertThat(api.get("/api/v1/search?mode=keyword&q=semaphore").json().get("results")).hasSize(1);

        Files.delete(dir.resolve("gone.md"));
        io.pharos.testing.Cli.Run again = io.pharos.testing.Cli.run("import", dir.toString(), "--no-progress", "--database-url", server.database().url());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("1 files: 0 created, 0 updated, 1 unchanged, 0 failed, 1 missing", "missing gone.md", "--prune");
        assertThat(api.get("/api/v1/search?mode=keyword&q=semaphore").json().get("results")).as("kept without --prune").hasSize(1);

        io.pharos.testing.Cli.Run pruned = io.pharos.testing.Cli.run("import", dir.toString(), "--prune", "--no-progress", "--database-url", server.database().url());
        assertThat(pruned.exit()).as(pruned.err()).isZero();
        assertThat(pruned.out()).contains("1 missing (1 deleted)", "deleted (file gone) gone.md");
        assertThat(api.get("/api/v1/search?mode=keyword&q=semaphore").json().get("results")).isEmpty();
        assertThat(api.get("/api/v1/search?mode=keyword&q=foghorn").json().get("results")).hasSize(1);

        io.pharos.testing.Cli.Run after = io.pharos.testing.Cli.run("import", dir.toString(), "--no-progress", "--database-url", server.database().url());
        assertThat(after.out()).as("nothing missing once pruned").doesNotContain("missing");
    }

    private static ResourceService resourceService(Pharos pharos) {
        return pharos.library().resources();
    }
}
