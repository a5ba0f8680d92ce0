package io.pharos.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.common.InvalidInputException;
import io.pharos.http.FormBody;
import io.pharos.http.QueryParameters;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceRoutes;
import io.pharos.resource.ResourceScope;
import io.pharos.search.ClickService;
import io.pharos.search.SearchRequest;
import io.pharos.search.SearchService;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The search page ({@code GET /}): one box with the query syntax, the mode, the resource filters, an explain
 * switch, pages of results; and {@code POST /search/clicks}, where the page's script records the result
 * opened (the link works without it).
 */
final class SearchPages {
    static final int PAGE_SIZE = 10;
    private static final int MAX_PAGE = SearchRequest.MAX_OFFSET / PAGE_SIZE;

    private final SearchService search;
    private final ClickService clicks;
    private final Frames frames;

    SearchPages(SearchService search, ClickService clicks, Frames frames) {
        this.search = search;
        this.clicks = clicks;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/", this::page, QueryParameters.of("q", "mode", "page", "explain").and(ResourceFilter.PARAMETERS));
        app.post("/search/clicks", this::click, FormBody.FORM);
    }

    private void page(Context ctx) {
        String q = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        String mode = ctx.queryParamAsClass("mode", String.class).getOrDefault("hybrid").toLowerCase(Locale.ROOT);
        boolean explain = ctx.queryParam("explain") != null && !ctx.queryParam("explain").isBlank();
        Map<String, String> filters = new LinkedHashMap<>();
        for (String f : SearchView.FILTERS) {
            String v = ctx.queryParam(f);
            if (v != null && !v.isBlank()) filters.put(f, v);
        }
        SearchView.Query query = new SearchView.Query(q, SearchView.MODES.contains(mode) ? mode : "hybrid", explain, filters);
        try {
            if (!SearchView.MODES.contains(mode)) throw InvalidInputException.badRequest("mode", "must be keyword, semantic or hybrid");
            int pageNumber = io.pharos.http.Requests.intParam(ctx, "page", 1, 1, MAX_PAGE);
            ResourceFilter filter = ResourceRoutes.filter(ctx);
            if (q.isBlank()) {
                frames.render(ctx, "search.jte", new SearchView(frames.page(ctx, "Search"), query, null, 1, false, null, null));
                return;
            }
            if (q.length() > SearchRequest.MAX_QUERY) throw InvalidInputException.badRequest("q", "is longer than " + SearchRequest.MAX_QUERY + " characters");
            SearchRequest.Mode chosen = SearchRequest.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
            String note = null;
            if (chosen != SearchRequest.Mode.KEYWORD && !search.semanticEnabled()) {
                chosen = SearchRequest.Mode.KEYWORD;
                note = "Semantic search is off on this server (PHAROS_EMBEDDINGS=none); these are the keyword results.";
            }
            var result = search.search(new SearchRequest(q, chosen, PAGE_SIZE + 1, (pageNumber - 1) * PAGE_SIZE, filter,
                    ResourceScope.ALL, explain, SearchRequest.DEFAULT_RRF_K, null));
            var hits = result.results();
            boolean more = hits.size() > PAGE_SIZE;
            frames.render(ctx, "search.jte", new SearchView(frames.page(ctx, "Search: " + q), query,
                    more ? hits.subList(0, PAGE_SIZE) : hits, pageNumber, more, null, note));
        } catch (InvalidInputException e) {
            ctx.status(400);
            frames.render(ctx, "search.jte", new SearchView(frames.page(ctx, "Search"), query, null, 1, false, Frames.sentence(e), null));
        }
    }

    /** A result opened from the page: the fields of the API's click, from the page's script (204; a bad one is 400, named). */
    private void click(Context ctx) {
        Frames.requireCsrf(ctx);
        ObjectNode body = Frames.json(ctx, "query", "resource_id", "session_id");
        for (String number : new String[] {"chunk_id", "position"}) {
            String v = ctx.formParam(number);
            if (v == null || v.isBlank()) continue;
            try {
                body.put(number, Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                throw InvalidInputException.badRequest(number, "must be a whole number");
            }
        }
        clicks.record(io.pharos.auth.Authenticator.caller(ctx), io.pharos.search.ClickInput.read(body));
        ctx.status(204);
    }
}
