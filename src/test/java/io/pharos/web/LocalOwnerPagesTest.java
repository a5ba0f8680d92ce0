package io.pharos.web;

import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages for the implied local owner (no sign-in, no session, so no CSRF token): forms work from the server's own pages, never from another site. */
class LocalOwnerPagesTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "off", "PHAROS_EMBEDDINGS", "none"));

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void the_local_owner_creates_a_collection_from_its_own_page_but_not_from_another_site() throws Exception {
        HttpResponse<String> list = send("GET", "/collections", null, null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("New collection").doesNotContain("Sign out");

        HttpResponse<String> own = send("POST", "/collections", "name=" + enc("Owner's shelf") + "&visibility=private", "same-origin");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(303);
        assertThat(send("GET", own.headers().firstValue("Location").orElseThrow(), null, null).body()).contains("<h1>Owner's shelf</h1>");

        HttpResponse<String> evil = send("POST", "/collections", "name=evil&visibility=public", "cross-site");
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.headers().firstValue("Content-Type")).as("a page, not the API's problem").hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(evil.body()).contains("Sec-Fetch-Site");
        assertThat(send("GET", "/collections", null, null).body()).doesNotContain("evil");
    }

    @Test
    void the_local_owner_may_not_mint_a_key_from_a_page() throws Exception {
        HttpResponse<String> r = send("POST", "/keys", "name=laptop", "same-origin");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("PHAROS_ALLOW_HTTP_BOOTSTRAP");
    }

    private HttpResponse<String> send(String method, String path, String form, String fetchSite) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.pharos().port() + path));
        if (fetchSite != null) b.header("Sec-Fetch-Site", fetchSite);
        if (form != null) b.header("Content-Type", "application/x-www-form-urlencoded").method(method, HttpRequest.BodyPublishers.ofString(form));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
