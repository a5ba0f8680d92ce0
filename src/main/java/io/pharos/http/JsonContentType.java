package io.pharos.http;

import io.pharos.common.RequestRefusedException;
import io.javalin.http.Context;

import java.util.Locale;

/**
 * Every endpoint that takes a body takes JSON (there is no HTTP upload or NDJSON import; {@code pharos import}
 * reads files on the server), so a POST, PUT or PATCH that carries a body, or names a type, must say
 * {@code application/json} or {@code application/*+json} (e.g. {@code application/merge-patch+json}), with no
 * charset but UTF-8. Anything else is 415: browsers send {@code text/plain}, form and multipart bodies
 * cross-site without asking, so refusing them keeps a web page from writing to the library. The web pages'
 * form routes ({@link FormBody}) take a form instead, and check a CSRF token.
 */
final class JsonContentType {
    static final String HEADER = "Content-Type";

    private JsonContentType() {}

    /** A before-handler for matched endpoints. */
    static void check(Context ctx) {
        String method = ctx.method().name();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) return;
        String type = ctx.header(HEADER);
        for (FormBody form : FormBody.values()) {
            if (!ctx.routeRoles().contains(form)) continue;
            if (type == null || !type.split(";")[0].strip().equalsIgnoreCase(form.type)) {
                throw unsupported("this form takes '" + form.type + "'");
            }
            return;
        }
        if (type == null) {
            if (hasBody(ctx)) throw unsupported("Content-Type is missing; send 'Content-Type: application/json' with a JSON body");
            return;
        }
        String problem = problem(type);
        if (problem != null) throw unsupported(problem);
    }

    /** Why {@code type} is not a JSON type this server reads, or null when it is. */
    static String problem(String type) {
        String[] parts = type.split(";");
        String media = parts[0].strip().toLowerCase(Locale.ROOT);
        boolean json = media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
        if (!json) return "Content-Type is '" + RequestRefusedException.printable(media) + "'; this endpoint takes 'application/json'";
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("charset")) continue;
            String charset = p.substring(eq + 1).strip();
            if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) charset = charset.substring(1, charset.length() - 1);
            if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                return "Content-Type names charset '" + RequestRefusedException.printable(charset) + "'; JSON is read as UTF-8 only";
            }
        }
        return null;
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static RequestRefusedException unsupported(String message) {
        return new RequestRefusedException(RequestRefusedException.Reason.UNSUPPORTED_MEDIA_TYPE, HEADER, message);
    }
}
