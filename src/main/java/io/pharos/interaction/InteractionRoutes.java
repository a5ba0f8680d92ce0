package io.pharos.interaction;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.auth.Authenticator;
import io.pharos.auth.Principal;
import io.pharos.http.QueryParameters;
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
        app.post("/api/v1/resources/{id}/interactions", ctx -> {
            InteractionService.Recorded r = service.record(Authenticator.caller(ctx), id(ctx), InteractionInput.read(Requests.jsonBody(ctx)));
            ctx.status(r.created() ? 201 : 200).json(r.interaction());
        });
        app.get("/api/v1/resources/{id}/interactions", this::list, QueryParameters.of("scope", "cursor", "limit"));
        app.delete("/api/v1/resources/{id}/bookmark", ctx -> {
            service.removeBookmark(Authenticator.caller(ctx), id(ctx));
            ctx.status(204);
        });
        app.get("/api/v1/bookmarks", ctx -> ctx.json(service.bookmarks(Authenticator.caller(ctx),
                Requests.textParam(ctx, "cursor"), Requests.intParam(ctx, "limit", 50, 1, 200))), QueryParameters.of("cursor", "limit"));
    }

    /** The caller's own interactions with the resource; {@code scope=all}: everyone's, for admins. */
    private void list(Context ctx) {
        Principal p = Authenticator.caller(ctx);
        boolean all = Authenticator.everyone(ctx, "interactions");
        ctx.json(service.list(p, id(ctx), all, Requests.textParam(ctx, "cursor"), Requests.intParam(ctx, "limit", 50, 1, 200)));
    }

    private static ResourceId id(Context ctx) {
        return ResourceId.parse(ctx.pathParam("id"), "id");
    }

    @Override public String field() {
        return "interactions";
    }

    @Override public Object of(ResourceId id) {
        return service.stats(id);
    }
}
