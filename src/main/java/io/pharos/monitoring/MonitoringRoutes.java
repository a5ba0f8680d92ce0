package io.pharos.monitoring;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;

import java.util.function.Predicate;

/**
 * {@code GET /monitoring/database}. {@code isAdmin} decides who may read it (the composition root passes
 * the authentication's admin check; a refusal answers 403 problem details).
 */
public final class MonitoringRoutes {
    private final DatabaseMonitor monitor;
    private final Predicate<Context> isAdmin;

    public MonitoringRoutes(DatabaseMonitor monitor, Predicate<Context> isAdmin) {
        this.monitor = monitor;
        this.isAdmin = isAdmin;
    }

    public void register(Javalin app) {
        app.get("/monitoring/database", ctx -> {
            if (!isAdmin.test(ctx)) throw new ForbiddenResponse("only administrators may read the database monitor");
            ctx.json(monitor.report());
        });
    }
}
