package io.pharos.resource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.cache.Answer;
import io.pharos.cache.CacheKey;
import io.pharos.cache.ResponseCache;
import io.pharos.common.JsonInput;
import io.pharos.common.Jsons;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.common.InvalidInputException;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;

/** HTTP for resources: {@code /api/v1/resources}. Parses requests, calls {@link ResourceService}, shapes responses. */
public final class ResourceRoutes {
    private final ResourceService service;
    private final List<ResourceDetails> details;
    private final ResponseCache cache;
    private final ObjectMapper json = Jsons.mapper();

    public ResourceRoutes(ResourceService service) {
        this(service, List.of(), ResponseCache.OFF);
    }

    /**
     * With {@code details}: what other features add to a single resource's read (e.g. interaction
     * aggregates); {@code cache}: where a resource's read and a listing's page may be answered from (the
     * same for every caller: resources have no per-caller visibility).
     */
    public ResourceRoutes(ResourceService service, List<ResourceDetails> details, ResponseCache cache) {
        this.service = service;
        this.details = List.copyOf(details);
        this.cache = cache;
    }

    public void register(Javalin app) {
        app.post("/api/v1/resources", this::create);
        app.post("/api/v1/resources:batch", this::batch);
        app.get("/api/v1/resources", this::list, LISTING.and("include"));
        app.get("/api/v1/resources/{id}", this::get);
        app.patch("/api/v1/resources/{id}", this::patch);
        app.delete("/api/v1/resources/{id}", this::delete);
    }

    private void create(Context ctx) {
        Resource r = service.create(ResourceInput.read(Requests.jsonBody(ctx), true));
        ctx.status(201).header("Location", "/api/v1/resources/" + r.id()).header("ETag", etag(r)).json(r);
    }

    /** Up to {@link #BATCH_MAX} resources: a JSON array, or {@code {"resources": [...], "on_error": "continue"|"stop"}}. */
    private void batch(Context ctx) {
        JsonNode body = Requests.jsonBody(ctx);
        boolean stop = false;
        JsonNode items = body;
        if (body.isObject()) {
            JsonInput in = JsonInput.of(body, Set.of("resources", "on_error"));
            String onError = in.string("on_error", 16);
            if (onError != null && !onError.equals("continue") && !onError.equals("stop")) {
                throw InvalidInputException.field("on_error", "must be continue or stop");
            }
            stop = "stop".equals(onError);
            items = body.get("resources");
        }
        if (items == null || !items.isArray()) throw InvalidInputException.field("resources", "must be an array of resources");
        if (items.isEmpty() || items.size() > BATCH_MAX) throw InvalidInputException.field("resources", "must hold 1 to " + BATCH_MAX + " resources");
        List<ResourceInput.BatchItem> list = new ArrayList<>(items.size());
        items.forEach(item -> list.add(ResourceInput.BatchItem.read(item)));
        BatchOutcome outcome = service.createBatch(list, stop);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("imported", outcome.count(BatchOutcome.Status.CREATED));
        response.put("updated", outcome.count(BatchOutcome.Status.UPDATED));
        response.put("skipped", outcome.count(BatchOutcome.Status.SKIPPED));
        response.put("failed", outcome.count(BatchOutcome.Status.FAILED));
        response.put("stopped", outcome.stopped());
        response.put("items", outcome.items());
        ctx.json(response);
    }

    public static final int BATCH_MAX = 1_000;

    private void get(Context ctx) {
        ResourceId id = id(ctx);
        cache.answer(CacheKey.of("resource", id.toString()), () -> read(id)).send(ctx);
    }

    private Answer read(ResourceId id) {
        Resource r = service.get(id);
        if (details.isEmpty()) return Answer.of(json, r, etag(r));
        ObjectNode body = json.valueToTree(r);
        for (ResourceDetails d : details) body.set(d.field(), json.valueToTree(d.of(r.id())));
        return Answer.of(json, body, etag(r));
    }

    private void patch(Context ctx) {
        ResourceId id = id(ctx);
        JsonNode body = Requests.jsonBody(ctx);
        Long ifMatch = ifMatch(ctx.header("If-Match"));
        Resource r = service.patch(id, ResourceInput.read(body, false), ifMatch);
        ctx.header("ETag", etag(r)).json(r);
    }

    private void delete(Context ctx) {
        service.delete(id(ctx));
        ctx.status(204);
    }

    private void list(Context ctx) {
        ResourceQuery query = query(ctx);
        boolean content = ContentInclude.content(Requests.textParam(ctx, "include"));
        cache.answer(CacheKey.of("resources", query, content),
                () -> Answer.of(json, ContentInclude.apply(json, service.list(query), content, "items", null), null)).send(ctx);
    }

    /** The parameters {@link #query} reads: what every resource listing takes. */
    public static final QueryParameters LISTING = QueryParameters.of("sort", "order", "limit", "cursor").and(ResourceFilter.PARAMETERS);

    /** The listing parameters (filters, sort, order, limit, cursor) of a request, for any resource listing. */
    public static ResourceQuery query(Context ctx) {
        ResourceQuery.Sort sort = ctx.queryParam("sort") == null ? ResourceQuery.Sort.CREATED_AT : ResourceQuery.Sort.parse(ctx.queryParam("sort"));
        boolean descending = switch (ctx.queryParamAsClass("order", String.class).getOrDefault("desc")) {
            case "desc" -> true;
            case "asc" -> false;
            default -> throw InvalidInputException.badRequest("order", "must be asc or desc");
        };
        int limit = Requests.intParam(ctx, "limit", ResourceQuery.DEFAULT_LIMIT, 1, ResourceQuery.MAX_LIMIT);
        ResourceFilter filter = filter(ctx);
        var after = ResourceQuery.decodeCursor(Requests.textParam(ctx, "cursor"), sort, descending);
        return new ResourceQuery(filter, sort, descending, limit, after);
    }

    /** The {@link ResourceFilter} of a request's query parameters, for any resource listing or search. */
    public static ResourceFilter filter(Context ctx) {
        return ResourceFilter.parse(new ResourceFilter.Source() {
            @Override public String text(String name, int max) {
                return Requests.textParam(ctx, name);
            }

            @Override public Double number(String name, double min, double max) {
                return Requests.doubleParam(ctx, name, min, max);
            }

            @Override public Instant instant(String name) {
                return Requests.instantParam(ctx, name);
            }

            @Override public boolean body() {
                return false;
            }
        });
    }

    private static ResourceId id(Context ctx) {
        return ResourceId.parse(ctx.pathParam("id"), "id");
    }

    private static String etag(Resource r) {
        return "\"" + r.version() + "\"";
    }

    /** {@code If-Match: "3"}, {@code W/"3"} or {@code 3}; null when absent. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank()) return null;
        String v = header.strip();
        if (v.startsWith("W/")) v = v.substring(2);
        v = v.replace("\"", "");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw InvalidInputException.badRequest("If-Match", "must be the resource's ETag, e.g. \"3\"");
        }
    }
}
