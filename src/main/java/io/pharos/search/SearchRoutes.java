package io.pharos.search;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.auth.Authenticator;
import io.pharos.cache.Answer;
import io.pharos.cache.CacheKey;
import io.pharos.cache.ResponseCache;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;
import io.pharos.resource.ContentInclude;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceRoutes;
import io.pharos.resource.ResourceScope;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * HTTP for search: {@code GET /api/v1/search}, the document-search shape {@code POST /api/v1/search},
 * {@code /search/semantic}, {@code /search/hybrid} (also without the {@code /api/v1} prefix), click
 * feedback and similar resources.
 */
public final class SearchRoutes {
    private static final Set<String> POST_FIELDS = Stream.concat(
            Stream.of("q", "k", "rrf_k", "min_similarity", "offset", "explain", "collection", "include"),
            ResourceFilter.PARAMETERS.stream()).collect(Collectors.toUnmodifiableSet());

    private static final QueryParameters GET_PARAMETERS = QueryParameters.of(
            "q", "mode", "limit", "offset", "explain", "rrf_k", "min_similarity", "collection", "include").and(ResourceFilter.PARAMETERS);

    private final SearchService search;
    private final ClickService clicks;
    private final com.fasterxml.jackson.databind.ObjectMapper json = io.pharos.common.Jsons.mapper();
    private ResponseCache cache = ResponseCache.OFF;

    private CollectionAccess collections = (caller, id) -> {
        throw InvalidInputException.badRequest("collection", "searching inside a collection is not available here");
    };

    /** Who may search inside which collection, and its members; without it the collection filter is refused. */
    public SearchRoutes withCollectionAccess(CollectionAccess access) {
        this.collections = access;
        return this;
    }

    /** Answers from the shared cache: every search and similar-resources answer passes through it. */
    public SearchRoutes withCache(ResponseCache cache) {
        this.cache = cache;
        return this;
    }

    public SearchRoutes(SearchService search, ClickService clicks) {
        this.search = search;
        this.clicks = clicks;
    }

    public void register(Javalin app) {
        app.get("/api/v1/search", this::get, GET_PARAMETERS);
        for (String prefix : new String[] {"/api/v1", ""}) {
            app.post(prefix + "/search", ctx -> post(ctx, SearchRequest.Mode.KEYWORD));
            app.post(prefix + "/search/semantic", ctx -> post(ctx, SearchRequest.Mode.SEMANTIC));
            app.post(prefix + "/search/hybrid", ctx -> post(ctx, SearchRequest.Mode.HYBRID));
        }
        app.post("/api/v1/search/clicks", this::click);
        app.get("/api/v1/resources/{id}/similar", this::similar, QueryParameters.of("limit"));
    }

    private void get(Context ctx) {
        String q = Requests.textParam(ctx, "q");
        if (q == null || q.isBlank()) throw InvalidInputException.badRequest("q", "is required: the search text");
        SearchRequest.Mode mode = switch (ctx.queryParamAsClass("mode", String.class).getOrDefault("hybrid")) {
            case "keyword" -> SearchRequest.Mode.KEYWORD;
            case "semantic" -> SearchRequest.Mode.SEMANTIC;
            case "hybrid" -> SearchRequest.Mode.HYBRID;
            default -> throw InvalidInputException.badRequest("mode", "must be keyword, semantic or hybrid");
        };
        if (mode != SearchRequest.Mode.KEYWORD && !search.semanticEnabled() && ctx.queryParam("mode") == null) {
            mode = SearchRequest.Mode.KEYWORD;   // the default follows what the server can do; an explicit mode is honoured or refused
        }
        String explain = Requests.textParam(ctx, "explain");
        ResourceFilter filter = ResourceRoutes.filter(ctx);
        UUID collection = Requests.textParam(ctx, "collection") == null ? null : Ids.param(ctx.queryParam("collection"), "collection");
        ResourceScope scope = scope(ctx, collection);
        respond(ctx, collection, ContentInclude.content(Requests.textParam(ctx, "include")), new SearchRequest(q, mode,
                Requests.intParam(ctx, "limit", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT),
                Requests.intParam(ctx, "offset", 0, 0, SearchRequest.MAX_OFFSET),
                filter, scope, bool("explain", explain),
                Requests.intParam(ctx, "rrf_k", SearchRequest.DEFAULT_RRF_K, 1, 10_000),
                Requests.doubleParam(ctx, "min_similarity", -1.0, 1.0)));
    }

    /**
     * The search's answer, through the cache; each hit's resource without its content unless {@code content}
     * ({@code include=content}). Its key is the parsed request (so the GET and POST forms
     * share it); inside a collection also the caller, since the collection's visibility decides who may
     * read it (the access check itself ran while parsing, on every request).
     */
    private void respond(Context ctx, UUID collection, boolean content, SearchRequest req) {
        List<Object> parts = Arrays.asList(req.q(), req.mode().wire(), req.limit(), req.offset(), req.filter(),
                req.explain(), req.rrfK(), req.minSimilarity(), collection == null ? null : collection.toString(), content);
        CacheKey key = collection == null ? CacheKey.of("search", parts)
                : CacheKey.forCaller(Authenticator.caller(ctx), "search", parts);
        cache.answer(key, () -> Answer.of(json, ContentInclude.apply(json, search.search(req), content, "results", "resource"), null)).send(ctx);
    }

    private void post(Context ctx, SearchRequest.Mode mode) {
        JsonNode body = Requests.jsonBody(ctx);
        JsonInput in = JsonInput.of(body, POST_FIELDS);
        JsonNode explain = body.get("explain");
        if (explain != null && !explain.isNull() && !explain.isBoolean()) throw InvalidInputException.field("explain", "must be true or false");
        String q = in.requiredString("q", SearchRequest.MAX_QUERY);
        ResourceFilter filter = ResourceFilter.parse(in);
        UUID collection = in.string("collection", 36) == null ? null : Ids.field(in.string("collection", 36), "collection");
        ResourceScope scope = scope(ctx, collection);
        respond(ctx, collection, ContentInclude.content(in.string("include", 20)), new SearchRequest(q, mode,
                intIn(in, "k", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT),
                intIn(in, "offset", 0, 0, SearchRequest.MAX_OFFSET), filter, scope,
                explain != null && explain.asBoolean(false),
                intIn(in, "rrf_k", SearchRequest.DEFAULT_RRF_K, 1, 10_000),
                in.number("min_similarity", -1.0, 1.0)));
    }

    /** All resources, or the members of the collection when one is named (and the caller may read it). */
    private ResourceScope scope(Context ctx, UUID collection) {
        return collection == null ? ResourceScope.ALL : collections.readableMembers(Authenticator.caller(ctx), collection);
    }

    private void click(Context ctx) {
        ClickStore.Click c = clicks.record(Authenticator.caller(ctx), ClickInput.read(Requests.jsonBody(ctx)));
        ctx.status(201).json(Map.of("recorded", true, "resource_id", c.resourceId().toString()));
    }

    private void similar(Context ctx) {
        ResourceId id = ResourceId.parse(ctx.pathParam("id"), "id");
        int limit = Requests.intParam(ctx, "limit", SearchRequest.DEFAULT_LIMIT, 1, SearchRequest.MAX_LIMIT);
        cache.answer(CacheKey.of("similar", id.toString(), limit),
                () -> Answer.of(json, Map.of("results", search.similar(id, limit)), null)).send(ctx);
    }

    private static boolean bool(String name, String v) {
        if (v == null) return false;
        return switch (v) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw InvalidInputException.badRequest(name, "must be true or false");
        };
    }

    private static int intIn(JsonInput in, String field, int dflt, int min, int max) {
        Long v = in.integer(field);
        if (v == null) return dflt;
        if (v < min || v > max) throw InvalidInputException.field(field, "must be from " + min + " to " + max);
        return v.intValue();
    }
}
