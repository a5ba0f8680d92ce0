package io.pharos.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.pharos.common.AlreadyExistsException;
import io.pharos.common.ConfigurationException;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.LogSafe;
import io.pharos.common.NotFoundException;
import io.pharos.common.OperationFailedException;
import io.pharos.common.PharosException;
import io.pharos.common.PreconditionRequiredException;
import io.pharos.common.RequestRefusedException;
import io.pharos.common.Secrets;
import io.pharos.common.StaleVersionException;
import io.pharos.common.StillReferencedException;
import io.pharos.common.UnauthorizedException;
import io.pharos.common.UnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place exceptions become HTTP responses ({@link #mapping}): RFC 9457 problem details
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, and the extension {@code field} naming the request field at fault.
 */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    /** The HTTP face of one failure: status and problem title; {@code internal} hides the detail and logs the error. */
    record Mapping(int status, String title, boolean internal) {
        static Mapping of(int status, String title) {
            return new Mapping(status, title, false);
        }
    }

    /** The one mapping from what failed to an HTTP status: exhaustive over the sealed {@link PharosException}. */
    static Mapping mapping(PharosException e) {
        return switch (e) {
            case InvalidInputException i -> i.malformed() ? Mapping.of(400, "Bad request") : Mapping.of(422, "Invalid field");
            case UnauthorizedException u -> Mapping.of(401, "Unauthorized");
            case ForbiddenException f -> Mapping.of(403, "Forbidden");
            case NotFoundException n -> Mapping.of(404, "Not found");
            case StaleVersionException s -> Mapping.of(409, "Version conflict");
            case AlreadyExistsException a -> Mapping.of(409, "Conflict");
            case StillReferencedException r -> Mapping.of(409, "Conflict");
            case PreconditionRequiredException p -> Mapping.of(428, "Version required");
            case UnavailableException u -> Mapping.of(503, "Service unavailable");
            case RequestRefusedException r -> switch (r.reason()) {
                case UNSUPPORTED_MEDIA_TYPE -> Mapping.of(415, "Unsupported media type");
                case MISDIRECTED -> Mapping.of(421, "Misdirected request");
                case CROSS_SITE -> Mapping.of(403, "Cross-site request refused");
                case TOO_LARGE -> Mapping.of(413, "Content too large");
                case BODY_TIMEOUT -> Mapping.of(408, "Request timeout");
            };
            case ConfigurationException c -> new Mapping(500, "Configuration error", true);
            case OperationFailedException o -> new Mapping(500, switch (o.operation()) {
                case MIGRATION -> "Migration failed";
                case BACKUP -> "Backup failed";
            }, true);
        };
    }

    /** The problem answer for {@code e} (what the handler installed by {@link #install} writes; a web page's own handler falls back on it). */
    public static void answer(Context ctx, PharosException e) {
        Mapping m = mapping(e);
        if (m.internal()) log.error("request failed on {} {}: {}", ctx.method(), LogSafe.text(ctx.path()), LogSafe.describe(e), LogSafe.forLog(e));
        Map<String, Object> extra = new LinkedHashMap<>();
        if (e.field() != null) extra.put("field", e.field());
        if (e instanceof StaleVersionException s) extra.put("current_version", s.currentVersion());
        if (e instanceof UnavailableException) ctx.header("Retry-After", "1");
        if (e instanceof UnauthorizedException) ctx.header("WWW-Authenticate", "Bearer");
        String detail = m.internal() ? "an internal error occurred" : e.getMessage();
        write(ctx, m.status(), m.title(), Secrets.mask(detail), extra);
    }

    /** The HTTP status {@code e} is answered with. */
    public static int status(PharosException e) {
        return mapping(e).status();
    }

    public static void install(Javalin app) {
        app.exception(PharosException.class, (e, ctx) -> answer(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                // Javalin's only detail for a 405 is the methods the path takes, "GET, POST"
                String allowed = e.getDetails().values().stream().findFirst().orElse("");
                if (!allowed.isEmpty()) ctx.header("Allow", allowed);
                write(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path()
                        + (allowed.isEmpty() ? "" : "; it takes " + allowed), Map.of());
                return;
            }
            write(ctx, e.getStatus(), e.getMessage(), e.getMessage(), Map.of());
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}: {}", ctx.method(), LogSafe.text(ctx.path()), LogSafe.describe(e), LogSafe.forLog(e));
            write(ctx, 500, "Internal error", "an internal error occurred; see the server log", Map.of());
        });
        app.error(404, ctx -> {
            if (!isProblem(ctx)) write(ctx, 404, "Not found", "no route for " + ctx.method() + " " + ctx.path(), Map.of());
        });
        app.error(405, ctx -> {
            if (!isProblem(ctx)) write(ctx, 405, "Method not allowed", ctx.method() + " is not allowed on " + ctx.path(), Map.of());
        });
    }

    /**
     * Set on a request whose answer is a web page of ours ({@code io.pharos.web}): an error it renders (a
     * 404 page, say) is kept as it is. Javalin's own HTML for an unmatched path is not one.
     */
    public static final String PAGE_ANSWER = "pharos.page-answer";

    /** The answer is already a problem, or a web page saying what is wrong in words (kept as it is). */
    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(CONTENT_TYPE) || Boolean.TRUE.equals(ctx.attribute(PAGE_ANSWER));
    }

    static void write(Context ctx, int status, String title, String detail, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", ctx.path());
        body.putAll(extra);
        ctx.status(status).json(body).contentType(CONTENT_TYPE);
    }
}
