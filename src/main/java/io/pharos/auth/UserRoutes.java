package io.pharos.auth;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.common.ForbiddenException;
import io.pharos.common.JsonInput;
import io.pharos.http.Requests;

import java.util.Map;
import java.util.Set;

/** HTTP for users and keys: admins manage users; everyone manages their own keys. */
public final class UserRoutes {
    private final UserService users;

    public UserRoutes(UserService users) {
        this.users = users;
    }

    public void register(Javalin app) {
        app.get("/api/v1/users/me", ctx -> ctx.json(users.user(Authenticator.caller(ctx).userId())));
        app.post("/api/v1/users", this::createUser);
        app.get("/api/v1/users", ctx -> {
            requireAdmin(ctx);
            ctx.json(Map.of("items", users.listUsers()));
        });
        app.post("/api/v1/keys", this::createKey);
        app.get("/api/v1/keys", ctx -> ctx.json(Map.of("items", users.listKeys(Authenticator.caller(ctx).userId()))));
        app.delete("/api/v1/keys/{id}", ctx ->
                ctx.json(users.revokeKey(ApiKeyId.param(ctx.pathParam("id"), "id"), Authenticator.caller(ctx))));
    }

    private void createUser(Context ctx) {
        requireAdmin(ctx);
        Authenticator.refuseImpliedBootstrap(ctx, "a user");
        JsonInput in = JsonInput.of(Requests.jsonBody(ctx), Set.of("name", "email", "role"));
        String role = in.string("role", 16);
        User u = users.createUser(in.requiredString("name", 255), in.requiredString("email", 320),
                role == null ? Role.USER : Role.parse(role, "role"));
        ctx.status(201).header("Location", "/api/v1/users/" + u.id()).json(u);
    }

    private void createKey(Context ctx) {
        Principal p = Authenticator.caller(ctx);
        Authenticator.refuseImpliedBootstrap(ctx, "an API key");
        JsonInput in = JsonInput.of(Requests.jsonBody(ctx), Set.of("name"));
        NewApiKey k = users.createKey(p.userId(), in.requiredString("name", 255));
        ctx.status(201).json(Map.of("api_key", k.apiKey(), "key", k.key()));
    }

    private static void requireAdmin(Context ctx) {
        if (!Authenticator.caller(ctx).isAdmin()) throw new ForbiddenException("only admins manage users");
    }
}
