package io.pharos.citation;

import io.javalin.Javalin;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;
import io.pharos.resource.ResourceId;

/** HTTP for citations and the citation graph. Citations belong to the shared library: any caller may add them. */
public final class CitationRoutes {
    private final CitationService service;

    public CitationRoutes(CitationService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.post("/api/v1/resources/{id}/citations", ctx -> {
            ResourceId source = ResourceId.parse(ctx.pathParam("id"), "id");
            Citation c = service.create(source, CitationInput.read(source, Requests.jsonBody(ctx)));
            ctx.status(201).header("Location", "/api/v1/citations/" + c.id()).json(c);
        });
        app.get("/api/v1/resources/{id}/citations", ctx -> ctx.json(service.links(ResourceId.parse(ctx.pathParam("id"), "id"))));
        app.get("/api/v1/resources/{id}/graph", ctx -> ctx.json(service.graph(ResourceId.parse(ctx.pathParam("id"), "id"),
                Requests.intParam(ctx, "depth", 1, 1, CitationService.MAX_DEPTH))), QueryParameters.of("depth"));
        app.delete("/api/v1/citations/{id}", ctx -> {
            service.delete(CitationId.param(ctx.pathParam("id"), "id"));
            ctx.status(204);
        });
    }
}
