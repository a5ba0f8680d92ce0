package io.pharos.collection;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.auth.Authenticator;
import io.pharos.common.InvalidInputException;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceRoutes;

import java.util.Map;

/** HTTP for collections: {@code /api/v1/collections}. */
public final class CollectionRoutes {
    private final CollectionService service;

    public CollectionRoutes(CollectionService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.post("/api/v1/collections", ctx -> {
            Collection c = service.create(Authenticator.caller(ctx), CollectionInput.create(Requests.jsonBody(ctx)));
            ctx.status(201).header("Location", "/api/v1/collections/" + c.id()).json(c);
        });
        app.get("/api/v1/collections", this::list, QueryParameters.of("scope", "parent_id", "cursor", "limit"));
        app.get("/api/v1/collections/{id}", ctx -> ctx.json(service.get(Authenticator.caller(ctx), id(ctx))));
        app.patch("/api/v1/collections/{id}", ctx -> ctx.json(service.patch(Authenticator.caller(ctx), id(ctx), CollectionInput.patch(Requests.jsonBody(ctx)))));
        app.delete("/api/v1/collections/{id}", ctx -> {
            service.delete(Authenticator.caller(ctx), id(ctx));
            ctx.status(204);
        });
        app.get("/api/v1/collections/{id}/resources", ctx ->
                ctx.json(service.resources(Authenticator.caller(ctx), id(ctx), ResourceRoutes.query(ctx))), ResourceRoutes.LISTING);
        app.post("/api/v1/collections/{id}/resources", ctx -> {
            CollectionService.Added a = service.addResources(Authenticator.caller(ctx), id(ctx), CollectionInput.members(Requests.jsonBody(ctx)));
            ctx.json(Map.of("added", a.added(), "already_present", a.alreadyPresent()));
        });
        app.delete("/api/v1/collections/{id}/resources/{resourceId}", ctx -> {
            service.removeResource(Authenticator.caller(ctx), id(ctx), ResourceId.parse(ctx.pathParam("resourceId"), "resourceId"));
            ctx.status(204);
        });
    }

    private void list(Context ctx) {
        String scope = Requests.textParam(ctx, "scope");
        boolean mine = switch (scope == null ? "visible" : scope) {
            case "mine" -> true;
            case "visible" -> false;
            default -> throw InvalidInputException.badRequest("scope", "must be mine or visible");
        };
        String parent = Requests.textParam(ctx, "parent_id");
        ctx.json(service.list(Authenticator.caller(ctx), mine, parent == null ? null : CollectionId.param(parent, "parent_id"),
                Requests.textParam(ctx, "cursor"), Requests.intParam(ctx, "limit", 20, 1, 200)));
    }

    private static CollectionId id(Context ctx) {
        return CollectionId.param(ctx.pathParam("id"), "id");
    }
}
