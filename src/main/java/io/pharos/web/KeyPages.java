package io.pharos.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.HttpStatus;
import io.pharos.auth.ApiKeyId;
import io.pharos.auth.Authenticator;
import io.pharos.auth.NewApiKey;
import io.pharos.auth.UserService;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.http.FormBody;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The caller's API keys: listed, created, revoked. A new key's text is shown once: the form's answer sends
 * the browser back to the list (so a reload makes no second key) with the text in a one-time cookie (HTTP-only,
 * {@code SameSite=Strict}, for {@code /keys} only, a minute long) that the list reads and clears.
 */
final class KeyPages {
    static final String FLASH = "pharos_new_key";

    private final UserService users;
    private final Frames frames;

    KeyPages(UserService users, Frames frames) {
        this.users = users;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/keys", this::list);
        app.post("/keys", this::create, FormBody.FORM);
        app.post("/keys/{id}/revoke", this::revoke, FormBody.FORM);
    }

    private void list(Context ctx) {
        String flash = ctx.cookie(FLASH);
        if (flash == null) {
            show(ctx, 200, null, null, null);
            return;
        }
        ctx.removeCookie(FLASH, "/keys");
        int dot = flash.indexOf('.');
        String name = null, key = null;
        try {
            name = new String(Base64.getUrlDecoder().decode(flash.substring(0, Math.max(0, dot))), StandardCharsets.UTF_8);
            key = flash.substring(dot + 1);
        } catch (IllegalArgumentException e) {
            // not one of ours: nothing to show
        }
        show(ctx, 200, key == null || key.isBlank() ? null : key, name, null);
    }

    private void show(Context ctx, int status, String created, String createdName, String problem) {
        ctx.status(status);
        // a page showing a new key is not kept by the browser or any cache
        ctx.header("Cache-Control", "no-store");
        frames.render(ctx, "keys.jte", new KeysView(frames.page(ctx, "API keys"), users.listKeys(Authenticator.caller(ctx).userId()),
                created, createdName, problem));
    }

    private void create(Context ctx) {
        Frames.requireCsrf(ctx);
        Authenticator.refuseImpliedBootstrap(ctx, "an API key");
        try {
            String name = Frames.value(ctx, "name").strip();
            NewApiKey k = users.createKey(Authenticator.caller(ctx).userId(), name);
            Cookie flash = new Cookie(FLASH, Base64.getUrlEncoder().withoutPadding().encodeToString(k.apiKey().name().getBytes(StandardCharsets.UTF_8))
                    + "." + k.key());
            flash.setHttpOnly(true);
            flash.setSameSite(SameSite.STRICT);
            flash.setPath("/keys");
            flash.setMaxAge(60);
            flash.setSecure("https".equalsIgnoreCase(ctx.scheme()));
            ctx.cookie(flash);
            ctx.redirect("/keys", HttpStatus.SEE_OTHER);
        } catch (InvalidInputException e) {
            show(ctx, 400, null, null, Frames.sentence(e));
        }
    }

    private void revoke(Context ctx) {
        Frames.requireCsrf(ctx);
        try {
            users.revokeKey(ApiKeyId.param(ctx.pathParam("id"), "id"), Authenticator.caller(ctx));
        } catch (NotFoundException | InvalidInputException e) {
            show(ctx, 404, null, null, "That key does not exist or is not yours.");
            return;
        }
        ctx.redirect("/keys", HttpStatus.SEE_OTHER);
    }
}
