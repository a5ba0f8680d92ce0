package io.pharos.web;

import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.Map;

import static io.pharos.web.WebClient.enc;
import static io.pharos.web.WebClient.form;
import static org.assertj.core.api.Assertions.assertThat;

/** The search page: filters and explain carried through the pages, bad values told on the page, opened results recorded. */
class SearchPagesTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required", "PHAROS_EMBEDDINGS", "none"));

    static TestUsers.Caller alice;
    static String note;
    final WebClient web = new WebClient(server);

    @BeforeAll
    static void library() {
        alice = TestUsers.create(server, "Alice", Role.USER);
        for (int i = 0; i < 12; i++) create("Anchor article " + i, "article", "The anchor chain of ship " + i + " was checked.");
        note = create("Anchor <note>", "note", "An anchor note about the chain locker.");
    }

    @Test
    void a_filter_narrows_the_results_and_the_next_page_keeps_it_and_the_explain_switch() throws Exception {
        String cookie = web.signIn(alice.key());
        HttpResponse<String> notes = web.get("/?mode=keyword&q=anchor&type=note", cookie);
        assertThat(notes.statusCode()).isEqualTo(200);
        assertThat(notes.body()).contains("/resources/" + note).contains("Anchor &lt;note&gt;").doesNotContain("Anchor article")
                .contains("value=\"note\"");

        HttpResponse<String> articles = web.get("/?mode=keyword&q=anchor&type=article&explain=on", cookie);
        assertThat(articles.body()).contains("keyword: rank 1, score").doesNotContain("Anchor &lt;note&gt;")
                .contains("rel=\"next\" href=\"/?q=anchor&amp;mode=keyword&amp;explain=on&amp;type=article&amp;page=2\"");
        HttpResponse<String> second = web.get("/?q=anchor&mode=keyword&explain=on&type=article&page=2", cookie);
        assertThat(second.body()).contains("keyword: rank 11,").contains("rel=\"prev\"").doesNotContain("rel=\"next\"");
        assertThat(web.get("/?mode=keyword&q=anchor", cookie).body()).doesNotContain("keyword: rank");
    }

    @Test
    void a_bad_filter_or_mode_is_told_on_the_page_and_the_query_is_escaped() throws Exception {
        String cookie = web.signIn(alice.key());
        HttpResponse<String> bad = web.get("/?q=" + enc("<script>x</script>") + "&min_quality=2", cookie);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(bad.body()).contains("min_quality").contains("value=\"&lt;script>x&lt;/script>\"").doesNotContain("<script>x");
        assertThat(web.get("/?q=anchor&mode=fuzzy", cookie).body()).contains("must be keyword, semantic or hybrid");
        assertThat(web.get("/?q=anchor&read_status=someday", cookie).body()).contains("read status must be one of");
        assertThat(web.get("/?q=anchor&mode=semantic", cookie).body()).contains("Semantic search is off");
    }

    @Test
    void an_opened_result_is_recorded_as_a_click_with_the_sessions_token() throws Exception {
        String cookie = web.signIn(alice.key());
        String csrf = web.csrf(cookie);
        String click = form("csrf", csrf, "query", "anchor locker", "resource_id", note, "chunk_id", "", "position", "0", "session_id", "s1");
        assertThat(web.post("/search/clicks", click, cookie).statusCode()).isEqualTo(204);
        assertThat(clicks("anchor locker")).isEqualTo(1);
        assertThat(web.post("/search/clicks", click.replace(csrf, "wrong"), cookie).statusCode()).isEqualTo(403);
        HttpResponse<String> unknown = web.post("/search/clicks", click.replace(note, java.util.UUID.randomUUID().toString()), cookie);
        assertThat(unknown.statusCode()).as("the API's answer: the resource_id field").isEqualTo(422);
        assertThat(web.post("/search/clicks", click.replace("position=0", "position=first"), cookie).statusCode()).isEqualTo(400);
        assertThat(clicks("anchor locker")).isEqualTo(1);
    }

    private static int clicks(String query) {
        return clicks(server, query);
    }

    /** The clicks recorded for {@code query} on {@code on}. */
    static int clicks(TestServer on, String query) {
        return on.pharos().library().database().read(h -> h.createQuery("SELECT count(*) FROM search_clicks WHERE query = :q")
                .bind("q", query).mapTo(Integer.class).one());
    }

    private static String create(String title, String type, String content) {
        Api.Response r = alice.api().post("/api/v1/resources", Api.json(Map.of("title", title, "type", type, "content", content)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }
}
