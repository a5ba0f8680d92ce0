package io.pharos.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.pharos.auth.Authenticator;
import io.pharos.auth.BrowserSession;
import io.pharos.auth.UserService;
import io.pharos.common.PharosException;

/** What every page handler shares: the frame of a page, rendering, the friendly message page, and forms read as JSON for the features' readers. */
final class Frames {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Templates templates = new Templates();
    private final UserService users;

    Frames(UserService users) {
        this.users = users;
    }

    /** The frame of a page for this caller. */
    Page page(Context ctx, String title) {
        String csrf = BrowserSession.csrfToken(ctx);
        String who = csrf == null ? null : users.user(Authenticator.caller(ctx).userId()).email();
        return new Page(title, who, csrf);
    }

    void render(Context ctx, String template, Object view) {
        templates.render(ctx, template, view);
    }

    /** A page saying what went wrong in words (a missing resource, a collection the caller may not see), with {@code status}. */
    void message(Context ctx, int status, String title, String message) {
        ctx.status(status);
        render(ctx, "message.jte", new MessageView(page(ctx, title), title, message));
    }

    /** An error of a service said as a sentence for a page: the field it names, then what is wrong. */
    static String sentence(PharosException e) {
        String field = e.field();
        String text = e.getMessage();
        return field == null || text.startsWith(field) ? text : field.replace('_', ' ') + " " + text;
    }

    /** 403 unless the form carries this session's CSRF token. */
    static void requireCsrf(Context ctx) {
        BrowserSession.requireCsrf(ctx, ctx.formParam("csrf"));
    }

    /** A form's text fields as a JSON object, so the features' own readers validate them (blank: null). */
    static ObjectNode json(Context ctx, String... fields) {
        ObjectNode body = JSON.createObjectNode();
        for (String f : fields) {
            String v = ctx.formParam(f);
            if (v == null || v.isBlank()) body.putNull(f);
            else body.put(f, v);
        }
        return body;
    }

    /** The form's value for {@code field}, "" when absent. */
    static String value(Context ctx, String field) {
        String v = ctx.formParam(field);
        return v == null ? "" : v;
    }
}
