package io.pharos.annotation;

import io.javalin.Javalin;
import io.pharos.auth.Authenticator;
import io.pharos.http.Requests;
import io.pharos.resource.ResourceId;

import java.util.Map;

/** HTTP for annotations: under a resource to make and list them, {@code /api/v1/annotations/{id}} for one. */
public final class AnnotationRoutes {
    private final AnnotationService service;

    public AnnotationRoutes(AnnotationService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.post("/api/v1/resources/{id}/annotations", ctx -> {
            Annotation a = service.create(Authenticator.caller(ctx), ResourceId.parse(ctx.pathParam("id"), "id"), AnnotationInput.create(Requests.jsonBody(ctx)));
            ctx.status(201).header("Location", "/api/v1/annotations/" + a.id()).json(a);
        });
        app.get("/api/v1/resources/{id}/annotations", ctx ->
                ctx.json(Map.of("items", service.list(Authenticator.caller(ctx), ResourceId.parse(ctx.pathParam("id"), "id")))));
        app.get("/api/v1/annotations/{id}", ctx -> ctx.json(service.get(Authenticator.caller(ctx), id(ctx))));
        app.patch("/api/v1/annotations/{id}", ctx -> ctx.json(service.patch(Authenticator.caller(ctx), id(ctx), AnnotationInput.patch(Requests.jsonBody(ctx)))));
        app.delete("/api/v1/annotations/{id}", ctx -> {
            service.delete(Authenticator.caller(ctx), id(ctx));
            ctx.status(204);
        });
    }

    private static AnnotationId id(io.javalin.http.Context ctx) {
        return AnnotationId.param(ctx.pathParam("id"), "id");
    }
}
