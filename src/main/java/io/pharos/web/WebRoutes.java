package io.pharos.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pharos.auth.Authenticator;
import io.pharos.auth.BrowserSession;
import io.pharos.auth.SignInRequiredException;
import io.pharos.auth.UserService;
import io.pharos.common.InvalidInputException;
import io.pharos.http.FormBody;
import io.pharos.http.QueryParameters;
import io.pharos.resource.ResourceFilter;
import io.pharos.resource.ResourceScope;
import io.pharos.search.SearchRequest;
import io.pharos.search.SearchService;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * The web pages: {@code GET /} (search), a resource's pages ({@link ResourcePages}), collections
 * ({@link CollectionPages}), API keys ({@link KeyPages}), imports ({@link ImportPages}), {@code GET|POST /sign-in} and {@code POST /sign-out}.
 * Callers are found by the {@link Authenticator} as for the API (a session cookie instead of a header); a
 * browser without one is sent to the sign-in page.
 */
public final class WebRoutes {

    /** The paths that are web pages (the Authenticator takes the session cookie on these only). */
    public static final Predicate<String> PAGES = path -> path.equals("/") || path.equals("/search/clicks") || path.startsWith("/resources/")
            || path.equals("/collections") || path.startsWith("/collections/") || path.equals("/keys") || path.startsWith("/keys/")
            || path.equals("/import") || path.startsWith("/import/") || path.equals("/sign-out");

    private final SearchPages searchPages;
    private final UserService users;
    private final Frames frames;
    private final Templates templates;
    private final ResourcePages resourcePages;
    private final CollectionPages collectionPages;
    private final KeyPages keyPages;
    private final AnnotationPages annotationPages;
    private final ImportPages importPages;

    /** The pages over the library's services (the same the API routes use). */
    public WebRoutes(io.pharos.Library library) {
        this.users = library.users();
        this.frames = new Frames(users);
        this.templates = frames.templates;
        this.searchPages = new SearchPages(library.search().service(), library.search().clicks(), frames);
        this.resourcePages = new ResourcePages(library.resources(), library.annotations(), library.collections(), frames);
        this.collectionPages = new CollectionPages(library.collections(), users, frames);
        this.keyPages = new KeyPages(users, frames);
        this.annotationPages = new AnnotationPages(library.annotations(), frames);
        this.importPages = new ImportPages(new ImportJobs(library.jsonLinesImport(), library.directoryImport()), library.search()::health, frames);
    }

    public void register(Javalin app) {
        app.exception(SignInRequiredException.class, (e, ctx) -> ctx.redirect("/sign-in", HttpStatus.SEE_OTHER));
        // a refused form (no CSRF token, another site's, too large) is said on a page, not as the API's problem JSON
        app.exception(io.pharos.common.ForbiddenException.class, (e, ctx) -> refused(ctx, e));
        app.exception(io.pharos.common.RequestRefusedException.class, (e, ctx) -> refused(ctx, e));
        searchPages.register(app);
        resourcePages.register(app);
        annotationPages.register(app);
        collectionPages.register(app);
        keyPages.register(app);
        importPages.register(app);
        app.get("/sign-in", ctx -> templates.render(ctx, "signin.jte", new SignInView(new Page("Sign in", null, null), null)));
        app.post("/sign-in", this::signIn, FormBody.FORM);
        app.post("/sign-out", this::signOut, FormBody.FORM);
    }

    private void refused(Context ctx, io.pharos.common.PharosException e) {
        if (!PAGES.test(ctx.path()) || ctx.header("Authorization") != null) {
            io.pharos.http.Problems.answer(ctx, e);
            return;
        }
        frames.message(ctx, io.pharos.http.Problems.status(e), "Refused", Frames.sentence(e));
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

    private Page page(Context ctx, String title) {
        return frames.page(ctx, title);
    }
}
