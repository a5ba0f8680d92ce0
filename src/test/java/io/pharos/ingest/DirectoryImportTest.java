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
        assertThat(first).isEqualTo(new DirectoryImporter.Summary(3, 3, 0, 0, 0, List.of(new DirectoryImporter.SkippedFile("image.png", "unsupported extension"))));
        assertThat(seen).containsExactly("guide/intro.md", "notes.txt", "page.html");

        Api api = server.api();
        JsonNode hit = api.get("/api/v1/search?mode=keyword&q=beacons").json().get("results").get(0).get("resource");
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
        assertThat(second).isEqualTo(new DirectoryImporter.Summary(3, 0, 1, 2, 0, List.of(new DirectoryImporter.SkippedFile("image.png", "unsupported extension"))));
        assertThat(api.get("/api/v1/resources?limit=50").json().get("items").size()).isEqualTo(3);
        assertThat(api.get("/api/v1/search?mode=keyword&q=lantern").json().get("results")).isEmpty();
        assertThat(api.get("/api/v1/search?mode=keyword&q=lens").json().get("results")).hasSize(1);
    }

    private static ResourceService resourceService(Pharos pharos) {
        return pharos.library().resources();
    }
}
