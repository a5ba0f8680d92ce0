package io.pharos.taxonomy;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.common.InvalidInputException;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;
import io.pharos.resource.ResourceId;
import io.pharos.resource.ResourceRoutes;

import java.util.Map;

/** HTTP for the taxonomy ({@code /api/v1/taxonomy}) and for filing resources under it. */
public final class TaxonomyRoutes {
    private final TaxonomyService service;

    public TaxonomyRoutes(TaxonomyService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.post("/api/v1/taxonomy", ctx -> {
            TaxonomyNode n = service.create(TaxonomyInput.create(Requests.jsonBody(ctx)));
            ctx.status(201).header("Location", "/api/v1/taxonomy/" + n.id()).json(n);
        });
        app.get("/api/v1/taxonomy", ctx -> ctx.json(Map.of("items", service.all())));
        app.get("/api/v1/taxonomy/{id}", ctx -> ctx.json(service.get(id(ctx))));
        app.patch("/api/v1/taxonomy/{id}", ctx -> ctx.json(service.patch(id(ctx), TaxonomyInput.patch(Requests.jsonBody(ctx)))));
        app.delete("/api/v1/taxonomy/{id}", ctx -> {
            service.delete(id(ctx), bool(ctx, "cascade"));
            ctx.status(204);
        }, QueryParameters.of("cascade"));
        app.get("/api/v1/taxonomy/{id}/resources", ctx ->
                ctx.json(service.resources(id(ctx), bool(ctx, "include_descendants"), ResourceRoutes.query(ctx))),
                ResourceRoutes.LISTING.and("include_descendants"));
        app.post("/api/v1/resources/{id}/taxonomy", ctx ->
                ctx.status(201).json(service.link(ResourceId.parse(ctx.pathParam("id"), "id"), TaxonomyInput.link(Requests.jsonBody(ctx)))));
        app.get("/api/v1/resources/{id}/taxonomy", ctx ->
                ctx.json(Map.of("items", service.links(ResourceId.parse(ctx.pathParam("id"), "id")))));
        app.delete("/api/v1/resources/{id}/taxonomy/{nodeId}", ctx -> {
            service.unlink(ResourceId.parse(ctx.pathParam("id"), "id"), TaxonomyNodeId.param(ctx.pathParam("nodeId"), "nodeId"));
            ctx.status(204);
        });
    }

    private static TaxonomyNodeId id(Context ctx) {
        return TaxonomyNodeId.param(ctx.pathParam("id"), "id");
    }

    private static boolean bool(Context ctx, String name) {
        String v = Requests.textParam(ctx, name);
        if (v == null || v.equals("false")) return false;
        if (v.equals("true")) return true;
        throw InvalidInputException.badRequest(name, "must be true or false");
    }
}
