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
