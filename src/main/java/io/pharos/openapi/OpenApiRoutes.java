package io.pharos.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.pharos.http.HttpServer;

/**
 * {@code GET /openapi.json} and {@code GET /api/docs}. The document is built once, on first request, when
 * every feature has registered its routes.
 */
public final class OpenApiRoutes {
    /** Swagger UI's WebJar version (pom.xml); its files are served under {@code /webjars/}. */
    static final String SWAGGER_UI = "5.35.0";

    private final OpenApiDocument document;
    private final String serverVersion;
    private volatile ObjectNode built;

    public OpenApiRoutes(OpenApiDocument document, String serverVersion) {
        this.document = document;
        this.serverVersion = serverVersion;
    }

    public void register(Javalin app) {
        app.get("/openapi.json", ctx -> ctx.json(built(app)));
        app.get("/api/docs", ctx -> ctx.html(page()));
    }

    private ObjectNode built(Javalin app) {
        ObjectNode doc = built;
        if (doc == null) built = doc = document.build(HttpServer.routes(app), serverVersion);
        return doc;
    }

    private static String page() {
        String base = "/webjars/swagger-ui/" + SWAGGER_UI + "/";
        return """
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>Pharos API</title>
                  <link rel="stylesheet" href="%sswagger-ui.css">
                </head>
                <body>
                  <div id="api"></div>
                  <script src="%sswagger-ui-bundle.js"></script>
                  <script>window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#api"});</script>
                </body>
                </html>
                """.formatted(base, base);
    }
}
