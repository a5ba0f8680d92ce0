package io.pharos.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pharos.annotation.AnnotationService;
import io.pharos.auth.Authenticator;
import io.pharos.auth.BrowserSession;
import io.pharos.auth.Principal;
import io.pharos.auth.SignInRequiredException;
import io.pharos.auth.UserService;
import io.pharos.common.InvalidInputException;
import io.pharos.http.FormBody;
import io.pharos.http.QueryParameters;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceScope;
import io.pharos.resource.ResourceService;
import io.pharos.search.SearchRequest;
import io.pharos.search.SearchService;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The web pages: {@code GET /} (search), {@code GET /resources/{id}}, {@code GET|POST /sign-in} and
 * {@code POST /sign-out}. Callers are found by the {@link Authenticator} as for the API (a session cookie
 * instead of a header); a browser without one is sent to the sign-in page.
 */
public final class WebRoutes {
    static final int PAGE_SIZE = 10;
    private static final int MAX_PAGE = SearchRequest.MAX_OFFSET / PAGE_SIZE;

    /** The paths that are web pages (the Authenticator takes the session cookie on these only). */
    public static final Predicate<String> PAGES = path -> path.equals("/") || path.startsWith("/resources/")
            || path.equals("/sign-out");

    private final SearchService search;
    private final ResourceService resources;
    private final AnnotationService annotations;
    private final UserService users;
    private final Templates templates = new Templates();

    public WebRoutes(SearchService search, ResourceService resources, AnnotationService annotations, UserService users) {
        this.search = search;
        this.resources = resources;
        this.annotations = annotations;
        this.users = users;
    }

    public void register(Javalin app) {
        app.exception(SignInRequiredException.class, (e, ctx) -> ctx.redirect("/sign-in", HttpStatus.SEE_OTHER));
        app.get("/", this::searchPage, QueryParameters.of("q", "mode", "page"));
        app.get("/resources/{id}", this::resourcePage);
        app.get("/sign-in", ctx -> templates.render(ctx, "signin.jte", new SignInView(new Page("Sign in", null, null), null)));
        app.post("/sign-in", this::signIn, FormBody.FORM);
        app.post("/sign-out", this::signOut, FormBody.FORM);
    }

    private void searchPage(Context ctx) {
        String q = ctx.queryParam("q");
        String mode = ctx.queryParamAsClass("mode", String.class).getOrDefault("hybrid").toLowerCase(Locale.ROOT);
        if (!SearchView.MODES.contains(mode)) throw InvalidInputException.badRequest("mode", "must be keyword, semantic or hybrid");
        int pageNumber = io.pharos.http.Requests.intParam(ctx, "page", 1, 1, MAX_PAGE);
        Page page = page(ctx, "Search");
        if (q == null || q.isBlank()) {
            templates.render(ctx, "search.jte", new SearchView(page, "", mode, null, 1, false, null));
            return;
        }
        if (q.length() > SearchRequest.MAX_QUERY) throw InvalidInputException.badRequest("q", "is longer than " + SearchRequest.MAX_QUERY + " characters");
        SearchRequest.Mode chosen = SearchRequest.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
        if (chosen != SearchRequest.Mode.KEYWORD && !search.semanticEnabled()) chosen = SearchRequest.Mode.KEYWORD;
        var result = search.search(new SearchRequest(q, chosen, PAGE_SIZE + 1, (pageNumber - 1) * PAGE_SIZE, ResourceFilter.none(),
                ResourceScope.ALL, false, SearchRequest.DEFAULT_RRF_K, null));
        var hits = result.results();
        boolean more = hits.size() > PAGE_SIZE;
        templates.render(ctx, "search.jte", new SearchView(new Page("Search: " + q, page.signedInAs(), page.csrf()), q, chosen.wire(),
                more ? hits.subList(0, PAGE_SIZE) : hits, pageNumber, more, null));
    }

    private void resourcePage(Context ctx) {
        Principal caller = Authenticator.caller(ctx);
        Resource r = resources.get(ResourceId.parse(ctx.pathParam("id"), "id"));
        List<String> paragraphs = r.content() == null ? List.of()
                : Arrays.stream(r.content().split("\\n\\s*\\n")).map(String::strip).filter(p -> !p.isEmpty()).toList();
        templates.render(ctx, "resource.jte", new ResourceView(page(ctx, r.title()), r, paragraphs, annotations.list(caller, r.id())));
    }

    private void signIn(Context ctx) {
        BrowserSession.refuseCrossSite(ctx);
        String key = ctx.formParam("key");
        if (key == null || key.isBlank() || users.authenticate(key.strip()).isEmpty()) {
            ctx.status(401);
            templates.render(ctx, "signin.jte", new SignInView(new Page("Sign in", null, null),
                    "That API key is unknown or revoked. Create one with 'pharos keys create --user EMAIL'."));
            return;
        }
        BrowserSession.start(ctx, key.strip());
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        BrowserSession.requireCsrf(ctx, ctx.formParam("csrf"));
        BrowserSession.end(ctx);
        ctx.redirect("/sign-in", HttpStatus.SEE_OTHER);
    }

    /** The frame of a page for this caller. */
    private Page page(Context ctx, String title) {
        String csrf = BrowserSession.csrfToken(ctx);
        String who = csrf == null ? null : users.user(Authenticator.caller(ctx).userId()).email();
        return new Page(title, who, csrf);
    }
}
