package io.pharos.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.pharos.auth.ApiKeyId;
import io.pharos.auth.Authenticator;
import io.pharos.auth.NewApiKey;
import io.pharos.auth.UserService;
import io.pharos.common.InvalidInputException;
import io.pharos.common.NotFoundException;
import io.pharos.http.FormBody;

/** The caller's API keys: listed, created (the key's text is shown once, on the answer to the form), revoked. */
final class KeyPages {
    private final UserService users;
    private final Frames frames;

    KeyPages(UserService users, Frames frames) {
        this.users = users;
        this.frames = frames;
    }

    void register(Javalin app) {
        app.get("/keys", ctx -> show(ctx, 200, null, null, null));
        app.post("/keys", this::create, FormBody.FORM);
        app.post("/keys/{id}/revoke", this::revoke, FormBody.FORM);
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
            show(ctx, 200, k.key(), k.apiKey().name(), null);
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
