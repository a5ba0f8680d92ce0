package io.pharos.web;

import io.pharos.auth.Role;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The import page: uploads go through the CLI's importers, the job's page shows the CLI's summary, and is its uploader's only. */
class ImportPagesTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required", "PHAROS_EMBEDDINGS", "none"));

    static TestUsers.Caller alice;
    static TestUsers.Caller bob;
    final WebClient web = new WebClient(server);

    @BeforeAll
    static void users() {
        alice = TestUsers.create(server, "Alice", Role.USER);
        bob = TestUsers.create(server, "Bob", Role.USER);
    }

    @Test
    void a_folder_upload_imports_each_document_and_shows_the_summary_the_cli_prints() throws Exception {
        String cookie = web.signIn(alice.key());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("tides/<img src=x onerror=alert(1)>.md", "# <script>alert('t')</script> Tide tables\n\nSpring tides at the quay.");
        files.put("tides/neap.txt", "Neap tides are gentle.");
        files.put("tides/photo.pdf", "%PDF-1.4");
        HttpResponse<String> r = web.upload("/import", Map.of("csrf", web.csrf(cookie)), "folder", files, cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String job = r.headers().firstValue("Location").orElseThrow();
        assertThat(job).matches("/import/[0-9a-f]+");

        String page = finished(job, cookie);
        assertThat(page).contains("2 files: 2 created, 0 updated, 0 unchanged, 0 failed, 1 skipped (1 unsupported extension)")
                .contains("skipped tides/photo.pdf: unsupported extension")
                .contains("Semantic search is off")
                .doesNotContain("<script>alert").doesNotContain("<img src=x");
        var hits = alice.api().get("/api/v1/search?mode=keyword&q=tides").json().get("results");
        assertThat(hits.findValuesAsText("title")).contains("<script>alert('t')</script> Tide tables", "Neap tides are gentle.");
        assertThat(hits.findValuesAsText("source")).contains("tides/neap.txt");
        assertThat(web.get("/import", cookie).body()).contains(job).contains("2 files: 2 created");

        String bobs = web.signIn(bob.key());
        assertThat(web.get(job, bobs).statusCode()).as("another user's import").isEqualTo(404);
        assertThat(web.get("/import", bobs).body()).doesNotContain(job);
    }

    @Test
    void a_json_lines_upload_reports_each_bad_line_with_the_clis_summary() throws Exception {
        String cookie = web.signIn(alice.key());
        String lines = "{\"title\": \"Buoy <list>\", \"content\": \"Red and green buoys.\"}\n{not json\n{\"content\": \"no title\"}\n";
        HttpResponse<String> r = web.upload("/import", Map.of("csrf", web.csrf(cookie)), "files", Map.of("buoys.jsonl", lines), cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String page = finished(r.headers().firstValue("Location").orElseThrow(), cookie);
        assertThat(page).contains("imported 1, updated 0, skipped 0, failed 2; 3 lines in").contains("line 2: is not valid JSON")
                .contains("line 3: title").contains("Import of buoys.jsonl");
        assertThat(alice.api().get("/api/v1/search?mode=keyword&q=buoys").json().get("results").findValuesAsText("title")).contains("Buoy <list>");
    }

    @Test
    void an_upload_needs_the_token_files_and_a_json_lines_file_on_its_own() throws Exception {
        String cookie = web.signIn(alice.key());
        assertThat(web.upload("/import", Map.of(), "files", Map.of("a.md", "x"), cookie).statusCode()).isEqualTo(403);
        HttpResponse<String> none = web.upload("/import", Map.of("csrf", web.csrf(cookie)), "files", Map.of("", ""), cookie);
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.body()).contains("Choose files or a folder");
        Map<String, String> mixed = new LinkedHashMap<>();
        mixed.put("a.jsonl", "{}");
        mixed.put("b.md", "b");
        HttpResponse<String> both = web.upload("/import", Map.of("csrf", web.csrf(cookie)), "files", mixed, cookie);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(both.body()).contains("imported on its own");
        assertThat(web.get("/import/0123", cookie).statusCode()).isEqualTo(404);
    }

    @Test
    void upload_paths_stay_inside_the_upload_folder() throws Exception {
        java.nio.file.Path root = java.nio.file.Files.createTempDirectory("upload-paths");
        try {
            var paths = new ImportPages.UploadPaths(root);
            assertThat(paths.place("../../etc/passwd.md")).isEqualTo(root.resolve("etc/passwd.md"));
            assertThat(paths.place("/abs/x.md")).isEqualTo(root.resolve("abs/x.md"));
            assertThat(paths.place("abs\\x.md")).as("the same path again is made unique").isEqualTo(root.resolve("abs/x (2).md"));
            assertThat(paths.place("..")).isEqualTo(root.resolve("upload.txt"));
        } finally {
            ImportJobs.deleteTree(root);
        }
    }

    /** The job's page once the import finished (it refreshes itself until then). */
    private String finished(String job, String cookie) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> page = web.get(job, cookie);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            if (page.body().contains("id=\"summary\"")) {
                assertThat(page.headers().firstValue("Refresh")).as("nothing left to watch").isEmpty();
                return page.body();
            }
            assertThat(page.headers().firstValue("Refresh")).contains("1");
            assertThat(System.nanoTime()).as("the import finishes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
