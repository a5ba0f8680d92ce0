package io.pharos.web;

import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static io.pharos.web.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/** A resource page's annotations: yours (with forms to change and delete them) apart from the ones others shared; others' private ones never. */
class AnnotationPagesTest {
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
    void your_annotations_can_be_changed_and_deleted_and_others_shared_ones_are_listed_apart() throws Exception {
        String resource = resource("Tide <table>", "High water at noon, low water at six.");
        String mine = annotate(alice, resource, "<b>noon</b> high", true);
        annotate(bob, resource, "bob's <i>shared</i> note", true);
        annotate(bob, resource, "bob's private note", false);
        String cookie = web.signIn(alice.key());

        String page = web.get("/resources/" + resource, cookie).body();
        String yours = page.substring(page.indexOf("id=\"my-annotations\""), page.indexOf("id=\"shared-annotations\""));
        assertThat(yours).contains("&lt;b&gt;noon&lt;/b&gt; high").contains("/annotations/" + mine + "/edit").doesNotContain("bob's");
        assertThat(page.substring(page.indexOf("id=\"shared-annotations\""))).contains("bob's &lt;i&gt;shared&lt;/i&gt; note")
                .doesNotContain("/edit\"");
        assertThat(page).doesNotContain("bob's private note").doesNotContain("<b>noon");

        String csrf = web.csrf(cookie);
        var changed = web.post("/resources/" + resource + "/annotations/" + mine + "/edit", form("csrf", csrf, "note", "changed <note>"), cookie);
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(303);
        var a = alice.api().get("/api/v1/annotations/" + mine).json();
        assertThat(a.get("note").asText()).isEqualTo("changed <note>");
        assertThat(a.get("is_shared").asBoolean()).as("the box left unticked").isFalse();
        assertThat(web.get("/resources/" + resource, cookie).body()).contains("changed &lt;note&gt;").contains("(private)");

        var tooLong = web.post("/resources/" + resource + "/annotations/" + mine + "/edit", form("csrf", csrf, "note", "x".repeat(10_001)), cookie);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("note");

        assertThat(web.post("/resources/" + resource + "/annotations/" + mine + "/delete", form("csrf", "wrong"), cookie).statusCode()).isEqualTo(403);
        assertThat(web.post("/resources/" + resource + "/annotations/" + mine + "/delete", form("csrf", csrf), cookie).statusCode()).isEqualTo(303);
        assertThat(alice.api().get("/api/v1/annotations/" + mine).status()).isEqualTo(404);
    }

    @Test
    void another_users_annotation_cannot_be_changed_or_deleted_from_the_page() throws Exception {
        String resource = resource("Buoys", "High buoys: red to port, green to starboard.");
        String bobs = annotate(bob, resource, "bob's", true);
        String cookie = web.signIn(alice.key());
        String csrf = web.csrf(cookie);
        assertThat(web.post("/resources/" + resource + "/annotations/" + bobs + "/edit", form("csrf", csrf, "note", "mine now"), cookie).statusCode())
                .isEqualTo(404);
        assertThat(web.post("/resources/" + resource + "/annotations/" + bobs + "/delete", form("csrf", csrf), cookie).statusCode()).isEqualTo(404);
        assertThat(web.post("/resources/" + resource + "/annotations/not-an-id/delete", form("csrf", csrf), cookie).statusCode()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/annotations/" + bobs).json().get("note").asText()).isEqualTo("bob's");
    }

    private static String resource(String title, String content) {
        Api.Response r = alice.api().post("/api/v1/resources", Api.json(Map.of("title", title, "content", content)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static String annotate(TestUsers.Caller who, String resource, String note, boolean shared) {
        Api.Response r = who.api().post("/api/v1/resources/" + resource + "/annotations", Api.json(Map.of(
                "start_offset", 0, "end_offset", 4, "highlighted_text", "High", "note", note, "is_shared", shared)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
