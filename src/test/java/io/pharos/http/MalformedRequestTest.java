package io.pharos.http;

import io.javalin.Javalin;
import io.pharos.common.Jsons;
import io.pharos.testing.Api;
import io.pharos.testing.RawHttp;
import io.pharos.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.pharos.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests that are not well-formed HTTP, or whose body is cut short, stalls or is too large: problem details, never a 500. */
class MalformedRequestTest {
    @RegisterExtension
    static final TestServer server = new TestServer();

    /** The head of a JSON POST up to its framing headers, with a Host the server accepts. */
    private static String jsonPost() {
        return "POST /api/v1/resources HTTP/1.1\r\nHost: 127.0.0.1:" + server.pharos().port() + "\r\nContent-Type: application/json\r\n";
    }

    private static Api.Response raw(String request, boolean endOutput) {
        return RawHttp.exchange(server.pharos().port(), request.getBytes(StandardCharsets.ISO_8859_1), endOutput);
    }

    private static void assertProblemStatus(Api.Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("detail").asText()).contains(detailContains);
    }

    @Test
    void a_body_cut_short_is_400_naming_the_body() {
        Api.Response r = raw(jsonPost() + "Content-Length: 100\r\n\r\n{\"title\":", true);
        assertProblem(r, 400, "body");
        assertThat(r.json().get("detail").asText()).contains("Content-Length of 100");
    }

    @Test
    void broken_or_unfinished_chunking_is_400_naming_the_body() {
        assertProblem(raw(jsonPost() + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", false), 400, "body");
        assertProblem(raw(jsonPost() + "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"ti", true), 400, "body");
    }

    @Test
    void a_stalled_body_is_408_after_the_body_timeout() {
        Javalin app = HttpServer.create(Jsons.mapper(), List.of(a -> a.post("/echo", ctx -> ctx.json(Requests.jsonBody(ctx)))),
                new HttpServer.Options(Duration.ofSeconds(1), null, Duration.ofMillis(500))).start("127.0.0.1", 0);
        try {
            long start = System.nanoTime();
            Api.Response r = RawHttp.exchange(app.port(), ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"a\":").getBytes(StandardCharsets.US_ASCII), false);
            assertProblem(r, 408, "body");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            app.stop();
        }
    }

    @Test
    void the_body_timeout_defaults_to_30_seconds() {
        assertThat(HttpServer.Options.DEFAULT.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void a_body_over_the_limit_is_413_stating_the_limit_before_it_is_read() {
        Api.Response r = raw(jsonPost() + "Content-Length: " + (HttpServer.MAX_REQUEST_BYTES + 1) + "\r\nConnection: close\r\n\r\n{}", true);
        assertProblem(r, 413, "body");
        assertThat(r.json().get("detail").asText()).contains("64 MiB").contains("67108864 bytes");
    }

    @Test
    void a_string_longer_than_jacksons_default_is_read_and_judged_by_the_field_limit() {
        String q = "a".repeat(20_000_001);
        Api.Response r = server.api().post("/api/v1/search", "{\"q\":\"" + q + "\"}");
        assertProblem(r, 422, "q");
        assertThat(r.json().get("detail").asText()).doesNotContain("StreamReadConstraints").contains("at most");
    }

    @Test
    void nesting_beyond_the_reader_s_depth_is_400_in_plain_words() {
        String deep = "{\"title\":\"t\",\"x\":" + "[".repeat(1_100) + "]".repeat(1_100) + "}";
        Api.Response r = server.api().post("/api/v1/resources", deep);
        assertProblem(r, 400, "body");
        assertThat(r.json().get("detail").asText()).doesNotContain("StreamReadConstraints").contains("1000 levels of nesting");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "request line with spaces | 400 | GET /a b c\\r\\nHost: x\\r\\n\\r\\n",
            "header name with a space | 400 | GET /health HTTP/1.1\\r\\nHost: x\\r\\nBad Header: 1\\r\\n\\r\\n",
            "no Host                  | 400 | GET /health HTTP/1.1\\r\\n\\r\\n",
            "bad Content-Length       | 400 | POST /api/v1/resources HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: abc\\r\\n\\r\\n",
            "unknown version          | 505 | GET /health HTTP/1.7\\r\\nHost: x\\r\\n\\r\\n",
    })
    void jetty_s_own_refusals_are_problem_details(String name, int status, String request) {
        assertProblemStatus(raw(request.replace("\\r\\n", "\r\n"), false), status, "");
    }

    @Test
    void a_request_line_or_headers_over_8_kib_are_414_and_431_problem_details() {
        assertProblemStatus(raw("GET /api/v1/resources?q=" + "a".repeat(9_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", false), 414, "8 KiB");
        assertProblemStatus(raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(9_000) + "\r\n\r\n", false), 431, "8 KiB");
    }

    @Test
    void a_method_a_route_does_not_take_is_405_with_allow_listing_the_ones_it_does() {
        List<HttpServer.Route> routes = server.pharos().routes();
        Set<String> paths = routes.stream().map(HttpServer.Route::path).collect(Collectors.toCollection(TreeSet::new));
        assertThat(paths).hasSizeGreaterThan(20);
        for (String pattern : paths) {
            String path = pattern.replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
            // every route whose pattern matches the path (/users/me matches /users/{id} too)
            Set<String> allowed = routes.stream().filter(r -> path.matches(r.path().replaceAll("\\{[^}]+}", "[^/]+")))
                    .map(HttpServer.Route::method).collect(Collectors.toCollection(TreeSet::new));
            String wrong = Arrays.stream(new String[] {"PUT", "PATCH", "DELETE", "POST"}).filter(m -> !allowed.contains(m)).findFirst().orElseThrow();
            Api.Response r = server.api().request(wrong, path, "{}");
            assertThat(r.status()).as(wrong + " " + pattern + ": " + r.body()).isEqualTo(405);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(new TreeSet<>(Arrays.asList(r.header("Allow").split(",\\s*")))).as(pattern).isEqualTo(allowed);
        }
    }

    @Test
    void an_unknown_path_is_still_404() {
        assertProblem(server.api().get("/api/v1/nothing-here"), 404, null);
    }
}
