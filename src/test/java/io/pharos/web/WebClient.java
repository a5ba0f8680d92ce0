package io.pharos.web;

import io.pharos.testing.TestServer;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** A browser's requests over plain HTTP for the page tests: sign-in, pages, forms and uploads with the session cookie. */
final class WebClient {
    private final TestServer server;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    WebClient(TestServer server) {
        this.server = server;
    }

    /** Signs in with {@code key}; the session cookie ({@code name=value}). */
    String signIn(String key) throws Exception {
        HttpResponse<String> r = post("/sign-in", form("key", key), null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The CSRF token the pages give this session. */
    String csrf(String cookie) throws Exception {
        Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(get("/", cookie).body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart upload: {@code fields} as text parts, then each of {@code files} (submitted name to content) in the part {@code part}. */
    HttpResponse<String> upload(String path, Map<String, String> fields, String part, Map<String, String> files, String cookie) throws Exception {
        String boundary = "----pharos" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (var f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n" + f.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        for (var f : files.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\"" + f.getKey().replace("\"", "%22")
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (cookie != null) b.header("Cookie", cookie);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.pharos().port() + path);
    }

    static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (!b.isEmpty()) b.append('&');
            b.append(enc(pairs[i])).append('=').append(enc(pairs[i + 1]));
        }
        return b.toString();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
