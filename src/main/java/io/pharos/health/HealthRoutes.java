package io.pharos.health;

import io.javalin.Javalin;

import java.util.Map;

public final class HealthRoutes {
    private final HealthService service;

    public HealthRoutes(HealthService service) {
        this.service = service;
    }

    public void register(Javalin app) {
        app.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        app.get("/health/ready", ctx -> {
            Map<String, Object> report = service.readiness();
            ctx.status(service.isReady(report) ? 200 : 503).json(report);
        });
    }
}
