package io.pharos.interaction;

import io.javalin.Javalin;
import io.pharos.auth.Authenticator;
import io.pharos.http.Requests;
import io.pharos.resource.ResourceDetails;
import io.pharos.resource.ResourceId;

/** HTTP for interactions; also adds the aggregates to the resource read as {@code interactions}. */
public final class InteractionRoutes implements ResourceDetails {
    private final InteractionService service;

    public InteractionRoutes(InteractionService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.post("/api/v1/resources/{id}/interactions", ctx -> ctx.status(201).json(
                service.record(Authenticator.caller(ctx), ResourceId.parse(ctx.pathParam("id"), "id"), InteractionInput.read(Requests.jsonBody(ctx)))));
    }

    @Override public String field() {
        return "interactions";
    }

    @Override public Object of(ResourceId id) {
        return service.stats(id);
    }
}
