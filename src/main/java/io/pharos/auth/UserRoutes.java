package io.pharos.auth;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.common.ForbiddenException;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;

import java.util.Map;
import java.util.Set;

/** HTTP for users and keys: admins manage users (create, disable/enable, role); everyone manages their own keys. */
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
        app.get("/api/v1/users/{id}", ctx -> {
            requireAdmin(ctx);
            ctx.json(users.managedUser(UserId.param(ctx.pathParam("id"), "id")));
        });
        app.patch("/api/v1/users/{id}", this::patchUser);
        app.post("/api/v1/keys", this::createKey);
        app.get("/api/v1/keys", this::listKeys, QueryParameters.of("scope"));
        app.delete("/api/v1/keys/{id}", ctx -> {
            users.revokeKey(ApiKeyId.param(ctx.pathParam("id"), "id"), Authenticator.caller(ctx));
            ctx.status(204);
        });
    }

    /** {@code role} and {@code disabled}, either or both; the user as it is then. */
    private void patchUser(Context ctx) {
        requireAdmin(ctx);
        UserId id = UserId.param(ctx.pathParam("id"), "id");
        JsonInput in = JsonInput.of(Requests.jsonBody(ctx), Set.of("role", "disabled"));
        if (in.isNull("disabled")) throw InvalidInputException.field("disabled", "must be true or false");
        if (in.isNull("role")) throw InvalidInputException.field("role", "must be admin or user");
        String role = in.string("role", 16);
        Boolean disabled = in.bool("disabled");
        ctx.json(users.change(id, role == null ? null : Role.parse(role, "role"), disabled));
    }

    /** The caller's keys; {@code scope=all}: everyone's, for admins. */
    private void listKeys(Context ctx) {
        Principal p = Authenticator.caller(ctx);
        boolean all = Authenticator.everyone(ctx, "keys");
        ctx.json(Map.of("items", users.listKeys(all ? null : p.userId())));
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
