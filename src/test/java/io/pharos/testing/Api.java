package io.pharos.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * A small HTTP client for a running test server.
 *
 * <p>In a run with read replicas ({@link TestDatabase#withReplica()}) every client of the test JVM acts as one
 * causal session, as a client behind a load balancer should (docs/scaling.md): it sends the highest
 * {@code Pharos-Commit-LSN} any of them has received as {@code Pharos-Min-LSN}. The test is what saw one
 * caller's write before it asks through another caller's key, so it carries the position along.
 */
public final class Api {
    private static final java.util.concurrent.atomic.AtomicReference<io.pharos.db.CommitPosition> SESSION =
            new java.util.concurrent.atomic.AtomicReference<>(io.pharos.db.CommitPosition.NONE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String bearer;

    public Api(int port) {
        this(port, null);
    }

    /** A client sending {@code Authorization: Bearer <key>} on every request (none when null). */
    public Api(int port, String key) {
        this.base = "http://127.0.0.1:" + port;
        this.bearer = key;
    }

    public Api withKey(String key) {
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), key);
    }

    /** The same caller on another server (e.g. a second instance of the library). */
    public Api withPort(int port) {
        return new Api(port, bearer);
    }

    public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response patch(String path, String body, String ifMatch) {
        var b = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) b.header("If-Match", ifMatch);
        return send(b);
    }

    /** Any method, with a JSON body (an empty one when null). */
    public Response request(String method, String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Any method with exactly these headers (no Content-Type unless given; the key, when this client has one)
     * and {@code body} (none when null): for requests a browser could send.
     */
    public Response send(String method, String path, Map<String, String> headers, String body) {
        var b = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b);
    }

    /** Serializes {@code value} with Jackson: handy for bodies built from maps. */
    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    public Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Response send(HttpRequest.Builder request) {
        if (bearer != null) request.header("Authorization", "Bearer " + bearer);
        boolean session = TestDatabase.withReplica();
        if (session && !SESSION.get().isNone() && request.build().headers().firstValue("Pharos-Min-LSN").isEmpty()) {
            request.header("Pharos-Min-LSN", SESSION.get().toString());
        }
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (session) {
                r.headers().firstValue("Pharos-Commit-LSN").map(io.pharos.db.CommitPosition::parse)
                        .ifPresent(p -> SESSION.accumulateAndGet(p, io.pharos.db.CommitPosition::max));
            }
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
