package io.pharos.auth;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.common.ConfigurationException;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.http.Requests;
import io.pharos.common.UnauthorizedException;
import io.pharos.config.AuthMode;
import io.pharos.config.Settings;
import io.pharos.http.HostCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;

/**
 * The one place requests are authenticated: a before-handler on every path except the explicitly public
 * ones ({@link #PUBLIC_PATHS}: {@code /health}, {@code /health/ready} and {@code /metrics} stay open for
 * probes and scrapers) that puts the caller's {@link Principal} on the request or answers 401. A route is
 * guarded unless it is listed here, so a new route cannot be left open by forgetting it. Keys are looked up on every request (no cache), so a
 * revoked key stops working at once.
 *
 * <p>{@code PHAROS_AUTH=auto}: a key is needed when the server binds beyond loopback or once any user
 * exists; otherwise the local owner is implied. {@code required}: always a key. {@code off}: the local
 * owner, always; refused at start on a non-loopback address.
 *
 * <p>An implied caller is one any web page could be, so before it: {@link HostCheck} refuses a {@code Host}
 * that is not this server's (DNS rebinding); for it: {@link CrossSiteCheck} refuses state-changing requests
 * from other sites, and routes that mint credentials call {@link #refuseImpliedBootstrap} (users and keys
 * come from the CLI unless {@code PHAROS_ALLOW_HTTP_BOOTSTRAP=true}).
 */
public final class Authenticator {
    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
    private static final Principal LOCAL_OWNER = new Principal(UserService.LOCAL_OWNER, Role.ADMIN);
    private static final String ATTRIBUTE = "pharos.principal";

    private final AuthMode mode;
    private final boolean loopback;
    private final UserService users;
    private final HostCheck hosts;
    private final boolean httpBootstrap;
    private java.util.function.Predicate<String> browserPages = path -> false;

    /** Set on a request whose caller is implied rather than identified by a key: whether it may mint credentials. */
    private static final String IMPLIED = "pharos.implied.may-bootstrap";

    public Authenticator(Settings settings, UserService users) {
        this.mode = settings.auth();
        this.loopback = settings.isLoopback();
        this.users = users;
        this.hosts = new HostCheck(settings.host(), loopback, settings.access().allowedHosts());
        this.httpBootstrap = settings.access().allowHttpBootstrap();
        if (mode == AuthMode.OFF && !loopback) {
            throw new ConfigurationException("PHAROS_AUTH", "is off but the server binds to " + settings.host()
                    + "; without authentication Pharos listens on loopback only (use PHAROS_HOST=127.0.0.1 or PHAROS_AUTH=auto)");
        }
        users.ensureLocalOwner();
        if (mode != AuthMode.OFF && !loopback && !users.anyUser()) {
            log.warn("PHAROS_AUTH={} on {}: every /api call needs a key and no user exists yet; create one with "
                    + "'pharos users create' and 'pharos keys create'", mode.name().toLowerCase(java.util.Locale.ROOT), settings.host());
        }
    }

    /** The only paths answered without a caller (besides the static files of the API page under {@link #PUBLIC_ASSETS}). */
    public static final Set<String> PUBLIC_PATHS = Set.of("/health", "/health/ready", "/metrics", "/openapi.json", "/api/docs", "/sign-in");
    /** Static files served from WebJars (the API page's script and style), public like the page. */
    public static final String PUBLIC_ASSETS = "/webjars/";

    /** The paths of the web pages, which take a {@link BrowserSession} cookie and send a browser without one to sign in. */
    public Authenticator withBrowserPages(java.util.function.Predicate<String> pages) {
        this.browserPages = pages;
        return this;
    }

    public void register(Javalin app) {
        app.before(hosts::check);
        app.before(this::authenticate);
    }

    void authenticate(Context ctx) {
        if (isPublic(ctx.path())) return;
        if (mode == AuthMode.OFF) {
            implyLocalOwner(ctx);
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && !header.isBlank()) {
            String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
            Principal p = users.authenticate(token)
                    .orElseThrow(() -> new UnauthorizedException("the API key is unknown or revoked"));
            ctx.attribute(ATTRIBUTE, p);
            return;
        }
        boolean page = browserPages.test(ctx.path());
        String session = page ? ctx.cookie(BrowserSession.COOKIE) : null;
        if (session != null) {
            Principal p = users.authenticate(session).orElseThrow(SignInRequiredException::new);
            ctx.attribute(ATTRIBUTE, p);
            ctx.attribute(BrowserSession.ATTRIBUTE, session);
            return;
        }
        if (mode == AuthMode.AUTO && loopback && !users.anyUser()) {
            implyLocalOwner(ctx);
            return;
        }
        if (page) throw new SignInRequiredException();
        throw new UnauthorizedException("send an API key as 'Authorization: Bearer <key>' (create one with 'pharos keys create')");
    }

    /** The caller the before-handler put on this request: how routes learn who calls, as a plain {@link Principal}. */
    public static Principal caller(Context ctx) {
        Principal p = ctx.attribute(ATTRIBUTE);
        if (p == null) throw new UnauthorizedException("send an API key as 'Authorization: Bearer <key>'");
        return p;
    }

    /** The caller the before-handler put on this request, or empty before authentication and on the public paths. */
    public static java.util.Optional<Principal> callerIfAny(Context ctx) {
        return java.util.Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /**
     * The {@code scope} parameter of a listing: {@code mine} (default) or {@code all}, which only admins
     * may ask for (403 naming {@code what} otherwise). True for {@code all}.
     */
    public static boolean everyone(Context ctx, String what) {
        String scope = Requests.textParam(ctx, "scope");
        boolean all = switch (scope == null ? "mine" : scope) {
            case "mine" -> false;
            case "all" -> true;
            default -> throw InvalidInputException.badRequest("scope", "must be mine or all");
        };
        if (all && !caller(ctx).isAdmin()) throw new ForbiddenException("only admins list everyone's " + what);
        return all;
    }

    private void implyLocalOwner(Context ctx) {
        CrossSiteCheck.check(ctx);
        ctx.attribute(ATTRIBUTE, LOCAL_OWNER);
        ctx.attribute(IMPLIED, httpBootstrap);
    }

    /**
     * Refuses to create a user or key for an implied caller (403) unless PHAROS_ALLOW_HTTP_BOOTSTRAP is on:
     * the first admin or key made by whichever page got a request through would lock the owner out.
     */
    public static void refuseImpliedBootstrap(Context ctx, String what) {
        Boolean mayBootstrap = ctx.attribute(IMPLIED);
        if (mayBootstrap == null || mayBootstrap) return;
        throw new ForbiddenException("creating " + what + " without an API key is refused: while the owner is implied, "
                + "any web page could do it; run 'pharos users create --name N --email E --role admin' and "
                + "'pharos keys create --user E' on the server, or start it with PHAROS_ALLOW_HTTP_BOOTSTRAP=true");
    }

    /** Public by exact path; a trailing slash is ignored, as the router ignores it. */
    static boolean isPublic(String path) {
        String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return PUBLIC_PATHS.contains(p) || p.startsWith(PUBLIC_ASSETS);
    }
}
