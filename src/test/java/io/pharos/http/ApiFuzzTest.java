package io.pharos.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.auth.Role;
import io.pharos.testing.Api;
import io.pharos.testing.RawHttp;
import io.pharos.testing.TestServer;
import io.pharos.testing.TestUsers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bounded, seeded fuzz run over the whole HTTP API on this run's database: every POST and PATCH route with
 * mutated bodies (wrong types, huge numbers, NUL, deep nesting, unknown fields, empty, truncated, cut-short
 * transfers), every declared query parameter with bad values, and bad path ids. The routes are read from the
 * running server, so one added later is fuzzed too. No answer may be a 5xx, and every error is a problem.
 */
class ApiFuzzTest {
    @RegisterExtension
    static final TestServer server = new TestServer(Map.of("PHAROS_AUTH", "required"));

    /** Fixed, so a failure repeats; {@code -Dpharos.fuzz.seed=N} explores others. */
    private static final long SEED = Long.getLong("pharos.fuzz.seed", 20261203L);
    private static final int BODIES_PER_ROUTE = 8;
    private static final int VALUES_PER_PARAMETER = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static String key;
    static String resourceId;
    static String otherResourceId;
    static String collectionId;
    static String nodeId;
    static String annotationId;

    @BeforeAll
    static void fixture() {
        TestUsers.Caller admin = TestUsers.create(server, "Fuzz Admin", Role.ADMIN);
        key = admin.key();
        Api api = admin.api();
        resourceId = id(api.post("/api/v1/resources", "{\"title\":\"fuzz target\",\"content\":\"some content to annotate and search\"}"));
        otherResourceId = id(api.post("/api/v1/resources", "{\"title\":\"fuzz other\",\"type\":\"paper\"}"));
        collectionId = id(api.post("/api/v1/collections", "{\"name\":\"fuzz\"}"));
        nodeId = id(api.post("/api/v1/taxonomy", "{\"name\":\"fuzz node\"}"));
        annotationId = id(api.post("/api/v1/resources/" + resourceId + "/annotations",
                "{\"start_offset\":0,\"end_offset\":4,\"highlighted_text\":\"some\"}"));
    }

    private static String id(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** A request to send and what it was, for the report. */
    record Probe(String method, String target, byte[] body, boolean cutShort, String what, String ifMatch) {
        Probe(String method, String target, byte[] body, boolean cutShort, String what) {
            this(method, target, body, cutShort, what, "\"1\"");
        }
    }

    @Test
    void no_mutated_body_bad_parameter_or_bad_id_makes_a_server_error() {
        Random random = new Random(SEED);
        List<Probe> probes = new ArrayList<>();
        for (HttpServer.Route r : server.pharos().routes()) {
            if (r.method().equals("POST") || r.method().equals("PATCH")) {
                for (int i = 0; i < BODIES_PER_ROUTE; i++) probes.add(bodyProbe(r, random));
                probes.addAll(fieldProbes(r, random));
            }
            if (r.method().equals("PATCH")) {
                for (String ifMatch : List.of("abc", "\"99999999999999999999\"", "W/", "\"-1\"", "*", "\"1\", \"2\"")) {
                    probes.add(new Probe(r.method(), path(r), base(r).toString().getBytes(StandardCharsets.UTF_8), false, "If-Match " + ifMatch, ifMatch));
                }
            }
            for (String p : r.parameters()) {
                for (int i = 0; i < VALUES_PER_PARAMETER; i++) {
                    String value = BAD_VALUES.get(random.nextInt(BAD_VALUES.size())).apply(random);
                    probes.add(new Probe(r.method(), path(r) + "?" + p + "=" + value, null, false, p + "=" + value));
                }
            }
            if (r.path().contains("{")) {
                String badId = List.of("%00", "x".repeat(300), "..%2F..", "00000000-0000-0000-0000-00000000000g", "%E2%80%AE").get(random.nextInt(5));
                probes.add(new Probe(r.method(), r.path().replaceAll("\\{[^}]+}", badId), r.method().equals("GET") ? null : "{}".getBytes(), false, "id " + badId));
            }
        }
        assertThat(probes.size()).as("requests").isBetween(300, 1_200);   // the web search and collection pages take the resource filters too

        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        long start = System.nanoTime();
        for (Probe p : probes) {
            String failure = send(p, statuses);
            if (failure != null) failures.add(failure);
        }
        System.out.println("ApiFuzzTest (seed " + SEED + "): " + probes.size() + " requests in " + (System.nanoTime() - start) / 1_000_000 + " ms, statuses "
                + statuses + ", " + failures.size() + " failures");
        assertThat(failures).as(probes.size() + " requests").isEmpty();
    }

    /** Why the answer to {@code p} is wrong (a 5xx, no answer, an error that is not a problem), or null. */
    private static String send(Probe p, Map<Integer, Integer> statuses) {
        String label = p.method() + " " + cut(p.target(), 120) + " [" + cut(p.what(), 120) + "]";
        Api.Response r;
        try {
            r = RawHttp.exchange(server.pharos().port(), request(p), p.cutShort());
        } catch (AssertionError e) {
            return label + ": no answer (" + e.getMessage() + ")";
        }
        statuses.merge(r.status(), 1, Integer::sum);
        if (r.status() >= 500) return label + ": " + r.status() + " " + cut(r.body(), 300);
        if (r.status() >= 400 && (r.header("Content-Type") == null || !r.header("Content-Type").startsWith(Problems.CONTENT_TYPE))
                && !webPageSaysIt(p, r)) {
            return label + ": " + r.status() + " is not a problem: " + r.header("Content-Type") + " " + cut(r.body(), 200);
        }
        return null;
    }

    /** A web page answers an error with a page saying it in words (HTML), not a problem document. */
    private static boolean webPageSaysIt(Probe p, Api.Response r) {
        String path = p.target().split("\\?", 2)[0];
        return io.pharos.web.WebRoutes.PAGES.test(path) && r.header("Content-Type") != null && r.header("Content-Type").startsWith("text/html");
    }

    private static byte[] request(Probe p) {
        StringBuilder head = new StringBuilder(p.method() + " " + p.target() + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(server.pharos().port()).append("\r\n")
                .append("Authorization: Bearer ").append(key).append("\r\n");
        if (p.method().equals("PATCH")) head.append("If-Match: ").append(p.ifMatch()).append("\r\n");
        if (p.body() != null) {
            head.append("Content-Type: application/json\r\n");
            // a cut-short transfer declares more than it sends
            head.append("Content-Length: ").append(p.body().length + (p.cutShort() ? 10 : 0)).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (p.body() != null) out.writeBytes(p.body());
        return out.toByteArray();
    }

    /** The route's path with the fixture's ids (random ones for DELETE, so the fixture stays). */
    private static String path(HttpServer.Route r) {
        Matcher m = Pattern.compile("([^/]*)/\\{([^}]+)}").matcher(r.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String id = r.method().equals("DELETE") ? UUID.randomUUID().toString() : switch (m.group(2)) {
                case "resourceId" -> resourceId;
                case "nodeId" -> nodeId;
                default -> switch (m.group(1)) {
                    case "resources" -> resourceId;
                    case "collections" -> collectionId;
                    case "taxonomy" -> nodeId;
                    case "annotations" -> annotationId;
                    default -> UUID.randomUUID().toString();
                };
            };
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "/" + id));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- bodies

    private static Probe bodyProbe(HttpServer.Route r, Random random) {
        String path = path(r);
        ObjectNode base = base(r);
        int kind = random.nextInt(12);
        String body;
        String what;
        switch (kind) {
            case 0 -> {
                body = WHOLE_BODIES.get(random.nextInt(WHOLE_BODIES.size()));
                what = "body " + body;
            }
            case 1 -> {
                String full = base.toString();
                body = full.substring(0, random.nextInt(Math.max(1, full.length())));
                what = "truncated JSON";
            }
            case 2 -> {
                return new Probe(r.method(), path, base.toString().getBytes(StandardCharsets.UTF_8), true, "transfer cut short");
            }
            case 3 -> {
                ObjectNode b = base.deepCopy();
                b.put("no_such_field_" + random.nextInt(100), "x");
                body = b.toString();
                what = "unknown field";
            }
            case 4 -> {
                int depth = List.of(50, 900, 1_200).get(random.nextInt(3));
                String field = anyField(base, random);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                ObjectNode b = base.deepCopy();
                b.remove(field);
                String rest = b.toString();
                body = "{\"" + field + "\":" + nested + (rest.equals("{}") ? "}" : "," + rest.substring(1));
                what = field + " nested " + depth;
            }
            case 5 -> {
                ObjectNode b = base.deepCopy();
                b.put("bad\u0000key", 1);
                body = b.toString();
                what = "NUL in a key";
            }
            case 6 -> {
                // every field wrong at once
                ObjectNode b = base.deepCopy();
                for (Iterator<String> it = base.fieldNames(); it.hasNext(); ) b.set(it.next(), badValue(random));
                body = b.toString();
                what = "all fields bad: " + b;
            }
            default -> {
                // any value in the body, nested ones (batch items, metadata) included
                ObjectNode b = base.deepCopy();
                List<Runnable> setters = new ArrayList<>();
                List<String> where = new ArrayList<>();
                collectSlots(b, "", setters, where, random);
                int slot = random.nextInt(setters.size());
                setters.get(slot).run();
                body = b.toString();
                what = where.get(slot) + " in " + cut(body, 200);
            }
        }
        return new Probe(r.method(), path, body.getBytes(StandardCharsets.UTF_8), false, what);
    }

    /** Each field of the route's body once with an edge of text (NUL, far-off time, huge, lone surrogate) and once of number. */
    private static List<Probe> fieldProbes(HttpServer.Route r, Random random) {
        List<Probe> out = new ArrayList<>();
        ObjectNode base = base(r);
        for (Iterator<String> it = base.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            for (List<JsonNode> edges : List.of(TEXT_EDGES, NUMBER_EDGES)) {
                JsonNode value = edges.get(random.nextInt(edges.size()));
                ObjectNode b = base.deepCopy();
                b.set(field, value);
                out.add(new Probe(r.method(), path(r), b.toString().getBytes(StandardCharsets.UTF_8), false, field + " = " + value));
            }
        }
        return out;
    }

    private static final List<JsonNode> TEXT_EDGES = List.of(NODES.textNode("x\u0000y"), NODES.textNode("+20000-01-01T00:00:00Z"),
            NODES.textNode("-0001-01-01T00:00:00Z"), NODES.textNode("a".repeat(100_000)), NODES.textNode("\uD800"),
            NODES.textNode(""), NODES.textNode(" "), NODES.arrayNode().add("\u0000"));
    private static final List<JsonNode> NUMBER_EDGES = List.of(NODES.numberNode(1e308), NODES.numberNode(-1e308),
            NODES.numberNode(new BigInteger("123456789012345678901234567890")), NODES.numberNode(new BigDecimal("1e400")),
            NODES.numberNode(Long.MIN_VALUE), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(-0.0), NODES.numberNode(0.1));

    /** For each value inside {@code node}: a setter replacing it with a bad value, and its path. */
    private static void collectSlots(JsonNode node, String at, List<Runnable> setters, List<String> where, Random random) {
        if (node instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                setters.add(() -> o.set(name, badValue(random)));
                where.add(at + "/" + name);
                collectSlots(o.get(name), at + "/" + name, setters, where, random);
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                int index = i;
                setters.add(() -> a.set(index, badValue(random)));
                where.add(at + "/" + i);
                collectSlots(a.get(i), at + "/" + i, setters, where, random);
            }
        }
        if (at.isEmpty() && setters.isEmpty()) {
            setters.add(() -> ((ObjectNode) node).set("x", badValue(random)));
            where.add("/x");
        }
    }

    private static String anyField(ObjectNode base, Random random) {
        List<String> names = new ArrayList<>();
        base.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
    }

    private static final List<String> WHOLE_BODIES = List.of("", " ", "null", "[]", "[{}]", "\"text\"", "123", "true", "{",
            "{\"a\":}", "{\"a\" 1}", "{}{}", "{} trailing", "\u0000", "{\"\\ud800\":1}", "\uFEFF{}", "{\"a\":1,\"a\":2}",
            "{\"title\":\"\\u0000\"}", "[" + "1,".repeat(5_000) + "1]");

    private static JsonNode badValue(Random random) {
        return switch (random.nextInt(24)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(true);
            case 2 -> NODES.textNode("");
            case 3 -> NODES.textNode("\u0000");
            case 4 -> NODES.textNode("a".repeat(100_000));
            case 5 -> NODES.numberNode(-1);
            case 6 -> NODES.numberNode(1.5);
            case 7 -> NODES.numberNode(1e308);
            case 8 -> NODES.numberNode(-1e308);
            case 9 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
            case 10 -> NODES.numberNode(new BigDecimal("1e400"));
            case 11 -> NODES.numberNode(Long.MAX_VALUE);
            case 12 -> NODES.numberNode(Long.MIN_VALUE);
            case 13 -> NODES.numberNode((long) Integer.MAX_VALUE + 1);
            case 14 -> NODES.arrayNode();
            case 15 -> NODES.arrayNode().add(1).add("x").addNull();
            case 16 -> NODES.objectNode();
            case 17 -> NODES.objectNode().set("a", NODES.objectNode().put("b", "\u0000"));
            case 18 -> NODES.textNode("\uD800 lone surrogate \u202E 😀");
            case 19 -> NODES.textNode(UUID.randomUUID().toString());
            case 20 -> NODES.textNode("+20000-01-01T00:00:00Z");
            case 21 -> NODES.textNode("0000-12-31");
            case 22 -> {
                ArrayNode many = NODES.arrayNode();
                for (int i = 0; i < 2_000; i++) many.add("s" + i);
                yield many;
            }
            default -> NODES.textNode("' OR 1=1 --");
        };
    }

    /** A body each route would take, to mutate; {@code {}} for a route added later without one here. */
    private static ObjectNode base(HttpServer.Route r) {
        String search = "{\"q\":\"some content\",\"k\":5,\"rrf_k\":60,\"min_similarity\":0.1,\"offset\":0,\"explain\":true,"
                + "\"collection\":\"" + collectionId + "\",\"type\":\"paper\",\"min_quality\":0.1,\"created_after\":\"2020-01-01\"}";
        String json = switch (r.method() + " " + r.path()) {
            case "POST /api/v1/resources" -> "{\"title\":\"t\",\"description\":\"d\",\"content\":\"c\",\"creator\":\"c\",\"publisher\":\"p\","
                    + "\"source\":\"s\",\"language\":\"en\",\"type\":\"paper\",\"subject\":[\"a\"],\"identifier\":\"i\",\"doi\":\"10.1/x\","
                    + "\"classification_code\":\"cc\",\"quality_score\":0.5,\"read_status\":\"unread\"}";
            case "POST /api/v1/resources:batch" -> "{\"resources\":[{\"title\":\"b\"},{\"title\":\"c\",\"subject\":[\"x\"]}],\"on_error\":\"continue\"}";
            case "PATCH /api/v1/resources/{id}" -> "{\"title\":\"t2\",\"quality_score\":0.2,\"read_status\":\"completed\",\"subject\":[],\"version\":1}";
            case "POST /api/v1/users" -> "{\"name\":\"n\",\"email\":\"fuzz@example.org\",\"role\":\"user\"}";
            case "POST /api/v1/keys" -> "{\"name\":\"k\"}";
            case "PATCH /api/v1/users/{id}" -> "{\"role\":\"user\",\"disabled\":false}";
            case "POST /api/v1/collections" -> "{\"name\":\"c\",\"description\":\"d\",\"visibility\":\"private\",\"parent_id\":\"" + collectionId + "\"}";
            case "PATCH /api/v1/collections/{id}" -> "{\"name\":\"c2\",\"visibility\":\"shared\",\"parent_id\":null}";
            case "POST /api/v1/collections/{id}/resources" -> "{\"resource_ids\":[\"" + resourceId + "\"]}";
            case "POST /api/v1/resources/{id}/annotations" ->
                    "{\"start_offset\":0,\"end_offset\":4,\"highlighted_text\":\"some\",\"note\":\"n\",\"tags\":[\"t\"],\"color\":\"#fff\",\"is_shared\":false}";
            case "PATCH /api/v1/annotations/{id}" -> "{\"note\":\"n2\",\"tags\":[\"x\"],\"color\":\"#000000\",\"is_shared\":true}";
            case "POST /api/v1/resources/{id}/citations" ->
                    "{\"target_resource_id\":\"" + otherResourceId + "\",\"citation_type\":\"cites\",\"context\":\"c\",\"confidence\":0.5}";
            case "POST /api/v1/resources/{id}/interactions" ->
                    "{\"interaction_type\":\"rate\",\"rating\":3,\"duration_seconds\":5,\"metadata\":{\"a\":1}}";
            case "POST /api/v1/taxonomy" -> "{\"name\":\"n\",\"parent_id\":\"" + nodeId + "\",\"description\":\"d\",\"keywords\":[\"k\"],\"allow_resources\":true}";
            case "PATCH /api/v1/taxonomy/{id}" -> "{\"name\":\"n2\",\"slug\":\"fuzz-node\",\"keywords\":[],\"allow_resources\":true}";
            case "POST /api/v1/resources/{id}/taxonomy" -> "{\"taxonomy_id\":\"" + nodeId + "\",\"confidence\":0.5,\"is_predicted\":false}";
            case "POST /api/v1/search/clicks" ->
                    "{\"query\":\"q\",\"resource_id\":\"" + resourceId + "\",\"position\":1,\"session_id\":\"s\",\"dwell_time_ms\":100}";
            default -> r.path().contains("/search") ? search : "{}";
        };
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- query parameter values, already in their URL form (some deliberately malformed)

    private static final List<Function<Random, String>> BAD_VALUES = List.of(
            r -> "", r -> "%20", r -> "-1", r -> "0", r -> "1.5", r -> "99999999999999999999", r -> "NaN", r -> "Infinity",
            r -> "-Infinity", r -> "1e309", r -> "abc", r -> "%00", r -> "%ff", r -> "%", r -> "%zz", r -> "a".repeat(2_000),
            r -> "%2B20000-01-01T00:00:00Z", r -> "0000-01-01", r -> "2026-13-45", r -> "%E2%80%A8%F0%9F%98%80",
            r -> "%ED%A0%80", r -> "null", r -> "%5B%5D", r -> "%0D%0AX-Injected:%201", r -> "..%2F..%2F", r -> "true%00",
            r -> "mine%00", r -> UUID.randomUUID().toString(), r -> "%27%20OR%201%3D1%20--",
            ApiFuzzTest::forgedCursor, ApiFuzzTest::forgedCursor);

    private static String forgedCursor(Random random) {
        String json = List.of(
                "{\"s\":\"created_at\",\"d\":\"desc\",\"v\":\"+20000-01-01T00:00:00Z\",\"id\":\"" + UUID.randomUUID() + "\"}",
                "{\"s\":\"title\",\"d\":\"desc\",\"v\":\"x\\u0000y\",\"id\":\"" + UUID.randomUUID() + "\"}",
                "{\"s\":\"quality_score\",\"d\":\"desc\",\"v\":\"1e999\",\"id\":\"" + UUID.randomUUID() + "\"}",
                "{\"s\":\"updated_at\",\"d\":\"asc\",\"v\":12,\"id\":12}",
                "{\"s\":\"title\",\"d\":\"desc\",\"v\":{\"a\":[]},\"id\":null}",
                "253402300800000:" + UUID.randomUUID(),
                "-99999999999999:" + UUID.randomUUID(),
                "1:" + UUID.randomUUID() + "\u0000",
                "[[[[[[[[[[[[[[[[[[[[").get(random.nextInt(9));
        return URLEncoder.encode(Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    private static String cut(String s, int max) {
        if (s == null) return "null";
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > max ? printable.substring(0, max) + "…" : printable;
    }
}
