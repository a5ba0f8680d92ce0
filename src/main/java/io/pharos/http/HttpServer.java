package io.pharos.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

import java.util.List;
import java.util.function.Consumer;

/** Wires Javalin: virtual threads, the JSON mapper, problem details, and each feature's routes. */
public final class HttpServer {
    static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;

    private HttpServer() {}

    public static Javalin create(ObjectMapper json, List<Consumer<Javalin>> features) {
        Javalin app = Javalin.create(cfg -> {
            cfg.useVirtualThreads = true;
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, true));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.router.ignoreTrailingSlashes = true;
        });
        Problems.install(app);
        features.forEach(f -> f.accept(app));
        return app;
    }
}
