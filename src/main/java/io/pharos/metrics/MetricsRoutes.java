package io.pharos.metrics;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.time.Duration;

/**
 * {@code GET /metrics} (Prometheus text format) and the request timer. Requests are timed by the route
 * template Javalin matched ({@code /api/v1/resources/{id}}), so ids never become label values; requests
 * that matched no route share the label {@code unmatched}.
 */
public final class MetricsRoutes {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final Metrics metrics;

    public MetricsRoutes(Metrics metrics) {
        this.metrics = metrics;
    }

    public void register(Javalin app) {
        app.get("/metrics", ctx -> ctx.contentType(CONTENT_TYPE).result(metrics.scrape()));
    }

    /** For Javalin's request logger: called once per request with its execution time. */
    public void record(Context ctx, Float executionMillis) {
        metrics.recordRequest(ctx.method().name(), route(ctx), ctx.statusCode(),
                Duration.ofNanos((long) (executionMillis * 1_000_000.0)));
    }

    private static String route(Context ctx) {
        try {
            String path = ctx.endpointHandlerPath();
            // with static files on (the API page's WebJar), Javalin names an unmatched request's endpoint in words
            return path == null || !path.startsWith("/") ? "unmatched" : path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
