package io.pharos.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.pharos.common.ConflictException;
import io.pharos.common.LogSafe;
import io.pharos.common.PharosException;
import io.pharos.common.Secrets;
import io.pharos.common.UnavailableException;
import io.pharos.common.UnauthorizedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place exceptions become HTTP responses: RFC 9457 problem details
 * ({@code application/problem+json}) with {@code type}, {@code title}, {@code status}, {@code detail},
 * {@code instance}, and the extension {@code field} naming the request field at fault.
 */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    public static final String CONTENT_TYPE = "application/problem+json";

    private Problems() {}

    public static void install(Javalin app) {
        app.exception(PharosException.class, (e, ctx) -> {
            if (e.status() >= 500 && !(e instanceof UnavailableException)) log.error("request failed on {} {}: {}", ctx.method(), LogSafe.text(ctx.path()), LogSafe.describe(e), LogSafe.forLog(e));
            Map<String, Object> extra = new LinkedHashMap<>();
            if (e.field() != null) extra.put("field", e.field());
            if (e instanceof ConflictException c) extra.put("current_version", c.currentVersion());
            if (e instanceof UnavailableException) ctx.header("Retry-After", "1");
            if (e instanceof UnauthorizedException) ctx.header("WWW-Authenticate", "Bearer");
            String detail = e.status() >= 500 && !(e instanceof UnavailableException) ? "an internal error occurred" : e.getMessage();
            write(ctx, e.status(), e.title(), Secrets.mask(detail), extra);
        });
        app.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, e.getStatus(), e.getMessage(), e.getMessage(), Map.of()));
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

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(CONTENT_TYPE);
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
