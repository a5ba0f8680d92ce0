package io.pharos.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.http.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OpenAPI 3.1 document. Paths, methods, path parameters and query parameters come from the
 * registered routes ({@link HttpServer.Route}), so they cannot drift from what the server answers; what a
 * route cannot say (summary, tag, body and answer schemas, success status) comes from the catalogue, keyed
 * {@code "METHOD /path"}. {@link #undocumented} and {@link #unregistered} name the two ways they can disagree.
 */
public final class OpenApiDocument {
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private final ObjectMapper json;
    private final JsonNode catalogue;

    public OpenApiDocument(ObjectMapper json) {
        this.json = json;
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi/catalogue.json")) {
            if (in == null) throw new IllegalStateException("openapi/catalogue.json is missing from the build");
            this.catalogue = json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("openapi/catalogue.json does not parse", e);
        }
    }

    /** Routes the catalogue does not describe ({@code "METHOD /path"}). */
    public List<String> undocumented(List<HttpServer.Route> routes) {
        return routes.stream().map(OpenApiDocument::key).filter(k -> !catalogue.path("operations").has(k)).toList();
    }

    /** Catalogue entries no route answers. */
    public List<String> unregistered(List<HttpServer.Route> routes) {
        TreeSet<String> registered = new TreeSet<>(routes.stream().map(OpenApiDocument::key).toList());
        List<String> missing = new ArrayList<>();
        catalogue.path("operations").fieldNames().forEachRemaining(k -> {
            if (!registered.contains(k)) missing.add(k);
        });
        return missing;
    }

    /** Undocumented query parameters, as {@code "name (METHOD /path)"}. */
    public List<String> undescribedParameters(List<HttpServer.Route> routes) {
        List<String> missing = new ArrayList<>();
        for (HttpServer.Route r : routes) {
            for (String p : new TreeSet<>(r.parameters())) {
                if (!catalogue.path("parameters").has(p)) missing.add(p + " (" + key(r) + ")");
            }
        }
        return missing;
    }

    public ObjectNode build(List<HttpServer.Route> routes, String serverVersion) {
        ObjectNode doc = json.createObjectNode();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.setAll((ObjectNode) catalogue.path("info").deepCopy());
        info.put("version", serverVersion);
        ObjectNode paths = doc.putObject("paths");
        for (HttpServer.Route route : routes) {
            ObjectNode item = paths.has(route.path()) ? (ObjectNode) paths.get(route.path()) : paths.putObject(route.path());
            item.set(route.method().toLowerCase(Locale.ROOT), operation(route));
        }
        ObjectNode components = doc.putObject("components");
        components.set("schemas", catalogue.path("schemas").deepCopy());
        ObjectNode bearer = components.putObject("securitySchemes").putObject("apiKey");
        bearer.put("type", "http").put("scheme", "bearer").put("description", "An API key from `pharos keys create` or POST /api/v1/keys");
        doc.putArray("security").addObject().putArray("apiKey");
        return doc;
    }

    private ObjectNode operation(HttpServer.Route route) {
        JsonNode described = catalogue.path("operations").path(key(route));
        ObjectNode op = json.createObjectNode();
        op.put("operationId", operationId(route));
        op.put("summary", described.path("summary").asText("(not described yet)"));
        if (described.has("tag")) op.putArray("tags").add(described.get("tag").asText());
        if (described.path("public").asBoolean()) op.putArray("security");   // no key needed
        ArrayNode parameters = op.putArray("parameters");
        Matcher m = PATH_PARAMETER.matcher(route.path());
        while (m.find()) {
            parameters.addObject().put("name", m.group(1)).put("in", "path").put("required", true).putObject("schema").put("type", "string");
        }
        for (String name : new TreeSet<>(route.parameters())) {
            JsonNode schema = catalogue.path("parameters").path(name);
            ObjectNode p = parameters.addObject().put("name", name).put("in", "query");
            if (schema.has("description")) p.put("description", schema.get("description").asText());
            ObjectNode s = p.putObject("schema");
            schema.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("description")) s.set(f.getKey(), f.getValue());
            });
            if (s.isEmpty()) s.put("type", "string");
        }
        if (described.has("body")) {
            ObjectNode body = op.putObject("requestBody").put("required", true);
            body.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref(described.get("body").asText()));
        }
        op.set("responses", responses(described));
        return op;
    }

    private ObjectNode responses(JsonNode described) {
        ObjectNode responses = json.createObjectNode();
        String status = described.path("status").asText("200");
        ObjectNode ok = responses.putObject(status).put("description", status.equals("204") ? "Done, no body" : "Success");
        if (described.path("text").asBoolean()) {
            ok.putObject("content").putObject("text/plain").putObject("schema").put("type", "string");
        } else if (described.path("html").asBoolean()) {
            ok.putObject("content").putObject("text/html").putObject("schema").put("type", "string");
        } else if (described.has("response")) {
            ok.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref(described.get("response").asText()));
        }
        described.path("also").fields().forEachRemaining(f -> responses.putObject(f.getKey()).put("description", f.getValue().asText()));
        for (String range : List.of("4XX", "5XX")) {
            responses.putObject(range).put("description", range.equals("4XX")
                            ? "The request is at fault: a problem naming the field or parameter"
                            : "The server cannot answer now (503 comes with Retry-After)")
                    .putObject("content").putObject("application/problem+json").putObject("schema").put("$ref", ref("Problem"));
        }
        return responses;
    }

    private static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }

    private static String key(HttpServer.Route r) {
        return r.method() + " " + r.path();
    }

    private static String operationId(HttpServer.Route r) {
        String words = r.path().replaceAll("[{}]", "").replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        return r.method().toLowerCase(Locale.ROOT) + "_" + (words.isEmpty() ? "root" : words);
    }
}
