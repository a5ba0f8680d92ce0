package io.pharos.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.pharos.auth.Authenticator;
import io.pharos.common.Ids;
import io.pharos.common.InvalidInputException;
import io.pharos.common.JsonInput;
import io.pharos.common.Page;
import io.pharos.http.QueryParameters;
import io.pharos.http.Requests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** HTTP for monitors ({@code /api/v1/monitors}) and their alerts ({@code /api/v1/alerts}). */
public final class MonitorRoutes {
    static final int MARK_MAX = 1_000;
    private final MonitorService service;

    public MonitorRoutes(MonitorService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.post("/api/v1/monitors", ctx -> {
            MonitorService.Created c = service.create(Authenticator.caller(ctx), MonitorInput.create(Requests.jsonBody(ctx)));
            ctx.status(201).header("Location", "/api/v1/monitors/" + c.monitor().id()).json(c);
        });
        app.get("/api/v1/monitors", ctx -> ctx.json(Map.of("items", service.list(Authenticator.caller(ctx)))));
        app.get("/api/v1/monitors/{id}", ctx -> ctx.json(service.get(Authenticator.caller(ctx), id(ctx))));
        app.patch("/api/v1/monitors/{id}", ctx -> ctx.json(service.patch(Authenticator.caller(ctx), id(ctx), MonitorInput.patch(Requests.jsonBody(ctx)))));
        app.delete("/api/v1/monitors/{id}", ctx -> {
            service.delete(Authenticator.caller(ctx), id(ctx));
            ctx.status(204);
        });
        app.get("/api/v1/alerts", this::alerts, QueryParameters.of("monitor_id", "limit", "cursor"));
        app.get("/api/v1/alerts/counts", ctx -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            service.unreadCounts(Authenticator.caller(ctx)).forEach((k, v) -> counts.put(k.toString(), v));
            ctx.json(Map.of("unread", counts));
        });
        app.post("/api/v1/alerts:mark-read", this::markRead);
    }

    private void alerts(Context ctx) {
        String monitor = Requests.textParam(ctx, "monitor_id");
        Page<Alert> page = service.alerts(Authenticator.caller(ctx), monitor == null ? null : Ids.param(monitor, "monitor_id"),
                Requests.textParam(ctx, "cursor"), Requests.intParam(ctx, "limit", 20, 1, MonitorService.MAX_LIMIT));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.items());
        body.put("next_cursor", page.nextCursor());
        ctx.json(body);
    }

    private void markRead(Context ctx) {
        JsonNode body = Requests.jsonBody(ctx);
        JsonInput in = JsonInput.of(body, Set.of("ids", "monitor_id"));
        String monitor = in.string("monitor_id", 36);
        JsonNode ids = body.get("ids");
        if ((monitor == null) == (ids == null || ids.isNull())) {
            throw InvalidInputException.field("ids", "send either ids (an array of alert ids) or monitor_id, not both");
        }
        List<UUID> list = new ArrayList<>();
        if (monitor == null) {
            if (!ids.isArray()) throw InvalidInputException.field("ids", "must be an array of alert ids");
            if (ids.size() > MARK_MAX) throw InvalidInputException.field("ids", "must hold at most " + MARK_MAX + " ids");
            for (JsonNode n : ids) {
                if (!n.isTextual()) throw InvalidInputException.field("ids", "must be an array of alert ids");
                list.add(Ids.field(n.textValue(), "ids"));
            }
        }
        int marked = service.markRead(Authenticator.caller(ctx), list, monitor == null ? null : Ids.field(monitor, "monitor_id"));
        ctx.json(Map.of("marked", marked));
    }

    private static UUID id(Context ctx) {
        return Ids.param(ctx.pathParam("id"), "id");
    }
}
