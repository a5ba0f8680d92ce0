package io.pharos.web;

import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The web pages over HTTP: sign-in with a key in an HTTP-only cookie, CSRF on forms, escaping, the API's access rules. */
class WebPagesTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required", "PHAROS_EMBEDDINGS", "none"));

    static TestUsers.Caller alice;
    static TestUsers.Caller bob;
    static String hostile;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void library() {
        alice = TestUsers.create(server, "Alice", Role.USER);
        bob = TestUsers.create(server, "Bob", Role.USER);
        Api.Response r = alice.api().post("/api/v1/resources", Api.json(Map.of(
                "title", "<script>alert('title')</script> Lighthouse log",
                "content", "The keeper wrote <img src=x onerror=alert('content')> about the lighthouse lamp.\n\nA second paragraph.")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        hostile = r.json().get("id").asText();
        Api.Response a = alice.api().post("/api/v1/resources/" + hostile + "/annotations", Api.json(Map.of(
                "start_offset", 4, "end_offset", 10, "highlighted_text", "keeper", "note", "alices private note", "is_shared", false)));
        assertThat(a.status()).as(a.body()).isEqualTo(201);
    }

    @Test
    void a_browser_without_a_session_is_sent_to_the_sign_in_page() throws Exception {
        HttpResponse<String> r = get("/", null);
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/sign-in");
        assertThat(get("/sign-in", null).statusCode()).isEqualTo(200);
    }

    @Test
    void signing_in_keeps_the_key_in_an_http_only_strict_cookie_accepted_by_pages_only() throws Exception {
        String cookie = signIn(alice.key());
        HttpResponse<String> page = get("/", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains(alice.user().email()).contains("Sign out");
        assertThat(get("/api/v1/resources", cookie).statusCode()).as("the API takes a header, not the cookie").isEqualTo(401);
    }

    @Test
    void an_unknown_key_is_told_so_and_gets_no_session() throws Exception {
        HttpResponse<String> r = post("/sign-in", "key=" + enc("pharos_not-a-key"), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("unknown or revoked");
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void hostile_titles_and_content_are_escaped_on_every_page() throws Exception {
        String cookie = signIn(alice.key());
        HttpResponse<String> results = get("/?mode=keyword&q=lighthouse", cookie);
        assertThat(results.statusCode()).isEqualTo(200);
        assertThat(results.body()).contains("/resources/" + hostile).contains("&lt;script&gt;").contains("<mark>")
                .doesNotContain("<script>alert").doesNotContain("<img src=x");
        HttpResponse<String> page = get("/resources/" + hostile, cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("A second paragraph.").contains("&lt;img src=x")
                .doesNotContain("<script>alert").doesNotContain("<img src=x");
    }

    @Test
    void another_users_private_annotation_is_not_on_the_page() throws Exception {
        assertThat(get("/resources/" + hostile, signIn(alice.key())).body()).contains("alices private note");
        assertThat(get("/resources/" + hostile, signIn(bob.key())).body()).doesNotContain("private note");
    }

    @Test
    void signing_out_needs_the_forms_csrf_token() throws Exception {
        String cookie = signIn(alice.key());
        assertThat(post("/sign-out", "csrf=wrong", cookie).statusCode()).isEqualTo(403);
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get("/", cookie).body());
        assertThat(token.find()).isTrue();
        HttpResponse<String> out = post("/sign-out", "csrf=" + enc(token.group(1)), cookie);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).startsWith(BrowserSessionCookie.NAME + "=").contains("Max-Age=0");
    }

    @Test
    void a_form_from_another_site_is_refused() throws Exception {
        HttpRequest r = HttpRequest.newBuilder(uri("/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("key=" + enc(alice.key()))).build();
        assertThat(http.send(r, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
    }

    @Test
    void an_annotation_posted_from_the_form_is_listed_after_the_redirect_with_offsets_from_the_text() throws Exception {
        String id = create("Tide tables", "High water at dawn.\n\nLow water at dusk, when the <b>gulls</b> return.");
        String cookie = signIn(alice.key());
        HttpResponse<String> r = post("/resources/" + id + "/annotations", form("csrf", csrf(cookie), "highlighted_text", "  Low water\n at dusk ",
                "note", "<script>alert('note')</script> check", "shared", "on"), cookie);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/resources/" + id);
        Api.Response listed = alice.api().get("/api/v1/resources/" + id + "/annotations");
        var a = listed.json().get("items").get(0);
        assertThat(a.get("highlighted_text").asText()).isEqualTo("Low water at dusk");
        assertThat(a.get("start_offset").asInt()).isEqualTo("High water at dawn.\n\n".length());
        assertThat(a.get("is_shared").asBoolean()).isTrue();
        String page = get("/resources/" + id, cookie).body();
        assertThat(page).contains("<mark>Low water at dusk</mark>").contains("&lt;script&gt;alert(").doesNotContain("<script>alert");
    }

    @Test
    void the_occurrence_nearest_to_where_the_selection_started_is_annotated_and_a_bad_hint_is_ignored() throws Exception {
        String content = "The bell rang.\n\nLater the bell rang again, and the bell rang a third time.";
        String id = create("Bells", content);
        String cookie = signIn(alice.key());
        int third = content.lastIndexOf("bell rang");
        assertThat(post("/resources/" + id + "/annotations", form("csrf", csrf(cookie), "highlighted_text", "bell rang",
                "near", String.valueOf(third - 2)), cookie).statusCode()).isEqualTo(303);
        assertThat(post("/resources/" + id + "/annotations", form("csrf", csrf(cookie), "highlighted_text", "bell rang",
                "near", "soon"), cookie).statusCode()).isEqualTo(303);
        var starts = alice.api().get("/api/v1/resources/" + id + "/annotations").json().get("items").findValues("start_offset")
                .stream().map(n -> n.asInt()).toList();
        assertThat(starts).containsExactlyInAnyOrder(third, content.indexOf("bell rang"));
        assertThat(get("/resources/" + id, cookie).body()).contains("<p data-offset=\"" + content.indexOf("Later") + "\">Later the bell");
    }

    @Test
    void an_annotation_of_text_not_in_the_resource_is_told_on_the_page_with_the_note_kept() throws Exception {
        String cookie = signIn(alice.key());
        HttpResponse<String> r = post("/resources/" + hostile + "/annotations",
                form("csrf", csrf(cookie), "highlighted_text", "no such words", "note", "my <i>draft</i>"), cookie);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(r.body()).contains("is not in the resource").contains("my &lt;i&gt;draft&lt;/i&gt;");
        assertThat(post("/resources/" + hostile + "/annotations", form("csrf", "wrong", "highlighted_text", "keeper"), cookie).statusCode()).isEqualTo(403);
    }

    @Test
    void a_stale_edit_answers_the_form_again_with_the_users_values_and_saving_again_wins() throws Exception {
        String id = create("Original title", "Some text.");
        String cookie = signIn(alice.key());
        String form = get("/resources/" + id + "/edit", cookie).body();
        Matcher version = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(form);
        assertThat(version.find()).isTrue();
        Api.Response meanwhile = bob.api().patch("/api/v1/resources/" + id, Api.json(Map.of("title", "Bob's title", "version", Long.parseLong(version.group(1)))), null);
        assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(200);

        String mine = form("csrf", csrf(cookie), "version", version.group(1), "title", "Alice's <em>title</em>", "description", "",
                "creator", "Alice", "type", "article", "language", "en");
        HttpResponse<String> stale = post("/resources/" + id + "/edit", mine, cookie);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("changed this resource since you opened the form")
                .contains("value=\"Alice&#39;s &lt;em>title&lt;/em>\"").contains("Now: Bob's title").doesNotContain("<em>title");
        assertThat(alice.api().get("/api/v1/resources/" + id).json().get("title").asText()).isEqualTo("Bob's title");

        Matcher current = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(stale.body());
        assertThat(current.find()).isTrue();
        HttpResponse<String> again = post("/resources/" + id + "/edit", form("csrf", csrf(cookie), "version", current.group(1),
                "title", "Alice's title", "description", "", "creator", "Alice", "type", "", "language", "en"), cookie);
        assertThat(again.statusCode()).isEqualTo(303);
        var r = alice.api().get("/api/v1/resources/" + id).json();
        assertThat(r.get("title").asText()).isEqualTo("Alice's title");
        assertThat(r.get("creator").asText()).isEqualTo("Alice");
    }

    @Test
    void an_edit_with_a_blank_title_is_told_on_the_form_not_as_a_500() throws Exception {
        String id = create("Keep me", "Text.");
        String cookie = signIn(alice.key());
        HttpResponse<String> r = post("/resources/" + id + "/edit", form("csrf", csrf(cookie), "version", "1", "title", "  ", "creator", "kept"), cookie);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("title is required").contains("value=\"kept\"");
        assertThat(post("/resources/" + id + "/edit", form("csrf", csrf(cookie), "version", "x", "title", "T"), cookie).statusCode()).isEqualTo(400);
    }

    @Test
    void deleting_from_the_page_needs_the_token_and_then_the_page_is_a_404() throws Exception {
        String id = create("Delete me", "Text.");
        String cookie = signIn(alice.key());
        assertThat(post("/resources/" + id + "/delete", "csrf=wrong", cookie).statusCode()).isEqualTo(403);
        assertThat(post("/resources/" + id + "/delete", form("csrf", csrf(cookie)), cookie).statusCode()).isEqualTo(303);
        HttpResponse<String> gone = get("/resources/" + id, cookie);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("There is no resource here");
        assertThat(get("/resources/not-a-uuid", cookie).statusCode()).isEqualTo(404);
    }

    @Test
    void a_private_collection_is_listed_for_its_owner_only_and_is_a_404_page_for_others() throws Exception {
        String alices = signIn(alice.key());
        HttpResponse<String> made = post("/collections", form("csrf", csrf(alices), "name", "<b>Secret</b> shelf", "visibility", "private"), alices);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(303);
        String path = made.headers().firstValue("Location").orElseThrow();
        String id = path.substring("/collections/".length());
        assertThat(post("/resources/" + hostile + "/collections", form("csrf", csrf(alices), "collection_id", id), alices).statusCode()).isEqualTo(303);
        HttpResponse<String> page = get(path, alices);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("&lt;b&gt;Secret&lt;/b&gt; shelf").contains("/resources/" + hostile).doesNotContain("<b>Secret");
        assertThat(get("/collections", alices).body()).contains("&lt;b&gt;Secret&lt;/b&gt; shelf");

        String bobs = signIn(bob.key());
        assertThat(get("/collections", bobs).body()).doesNotContain("Secret");
        HttpResponse<String> hidden = get(path, bobs);
        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).contains("no collection here").doesNotContain("Secret");
        assertThat(get("/collections/nonsense", bobs).statusCode()).isEqualTo(404);
        HttpResponse<String> notHis = post("/resources/" + hostile + "/collections", form("csrf", csrf(bobs), "collection_id", id), bobs);
        assertThat(notHis.statusCode()).isEqualTo(404);
        assertThat(notHis.body()).contains("not yours");
    }

    @Test
    void a_collection_without_a_name_or_with_an_unknown_visibility_is_told_on_the_page() throws Exception {
        String cookie = signIn(alice.key());
        HttpResponse<String> blank = post("/collections", form("csrf", csrf(cookie), "name", " ", "visibility", "shared"), cookie);
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(blank.body()).contains("name is required");
        HttpResponse<String> odd = post("/collections", form("csrf", csrf(cookie), "name", "Shelf", "visibility", "<odd>"), cookie);
        assertThat(odd.statusCode()).isEqualTo(400);
        assertThat(odd.body()).contains("visibility must be private, shared or public").contains("value=\"Shelf\"");
        assertThat(get("/collections?cursor=%25%25", cookie).statusCode()).isEqualTo(400);
        assertThat(post("/collections", form("csrf", "wrong", "name", "x"), cookie).statusCode()).isEqualTo(403);
    }

    @Test
    void a_key_made_on_the_keys_page_is_shown_once_works_and_can_be_revoked() throws Exception {
        TestUsers.Caller carol = TestUsers.create(server, "Carol", Role.USER);
        String cookie = signIn(carol.key());
        HttpResponse<String> posted = post("/keys", form("csrf", csrf(cookie), "name", "<u>laptop</u>"), cookie);
        assertThat(posted.statusCode()).as("back to the list, so a reload makes no second key").isEqualTo(303);
        String flash = posted.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(KeyPages.FLASH + "=")).findFirst().orElseThrow();
        assertThat(flash).contains("HttpOnly").containsIgnoringCase("SameSite=Strict").contains("Path=/keys");
        HttpResponse<String> made = get("/keys", cookie + "; " + flash.substring(0, flash.indexOf(';')));
        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(made.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(made.headers().allValues("Set-Cookie")).as("the one-time cookie is cleared").anySatisfy(c -> assertThat(c).startsWith(KeyPages.FLASH + "=;"));
        Matcher key = Pattern.compile("id=\"new-key\">([^<]+)<").matcher(made.body());
        assertThat(key.find()).isTrue();
        assertThat(made.body()).contains("&lt;u&gt;laptop&lt;/u&gt;").doesNotContain("<u>laptop");
        String newKey = key.group(1);
        assertThat(get("/keys", cookie).body()).doesNotContain(newKey).contains("&lt;u&gt;laptop&lt;/u&gt;");
        String other = signIn(newKey);

        String newId = keyId(carol, "<u>laptop</u>");
        assertThat(get("/keys", cookie).body()).contains("action=\"/keys/" + newId + "/revoke\"");
        assertThat(post("/keys/" + newId + "/revoke", "csrf=wrong", cookie).statusCode()).isEqualTo(403);
        assertThat(post("/keys/" + newId + "/revoke", form("csrf", csrf(cookie)), cookie).statusCode()).isEqualTo(303);
        assertThat(get("/", other).statusCode()).as("the revoked key's session is over").isEqualTo(303);
        assertThat(post("/keys", form("csrf", csrf(cookie), "name", " "), cookie).body()).contains("name is required");
        String bobs = signIn(bob.key());
        assertThat(post("/keys/" + keyId(carol, "test") + "/revoke", form("csrf", csrf(bobs)), bobs).statusCode()).isEqualTo(404);
        assertThat(get("/", cookie).statusCode()).as("bob could not revoke carol's key").isEqualTo(200);
    }

    private static String keyId(TestUsers.Caller who, String name) {
        for (var k : who.api().get("/api/v1/keys").json().get("items")) if (k.get("name").asText().equals(name)) return k.get("id").asText();
        throw new AssertionError("no key named " + name);
    }

    private static String create(String title, String content) {
        Api.Response r = alice.api().post("/api/v1/resources", Api.json(Map.of("title", title, "content", content)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private String csrf(String cookie) throws Exception {
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get("/", cookie).body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!b.isEmpty()) b.append('&');
            b.append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
        }
        return b.toString();
    }

    private String signIn(String key) throws Exception {
        HttpResponse<String> r = post("/sign-in", "key=" + enc(key), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.pharos().port() + path);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The session cookie's name, as the server sets it. */
    private static final class BrowserSessionCookie {
        static final String NAME = io.pharos.auth.BrowserSession.COOKIE;
    }
}
