package io.pharos.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.RequestLogger;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wires Javalin: a pool of platform threads with a bound on the requests worked on at once ({@link Admission}),
 * the JSON mapper, problem details (Jetty's own errors too, {@link ProblemErrorHandler}),
 * JSON-only bodies ({@link JsonContentType}) read by {@link RequestBody}, declared query parameters only
 * ({@link QueryParameters}), 405 with {@code Allow}, graceful stop, and each feature's routes.
 */
public final class HttpServer {
    /** The largest body taken (413 beyond it). */
    static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;
    /** The largest file upload taken (the web import page's multipart body). */
    public static final long MAX_UPLOAD_BYTES = 256L * 1024 * 1024;
    /** The most the request line and headers may hold (414 for the line, 431 for the headers beyond it). */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    private HttpServer() {}

    /**
     * How the server stops and observes requests. {@code stopTimeout}: on stop, new connections are
     * refused and requests in flight get this long to finish. {@code requestLogger}: called once per
     * request (e.g. metrics), or null. {@code bodyTimeout}: a body that sends nothing for this long is 408.
     */
    public record Options(Duration stopTimeout, RequestLogger requestLogger, Duration bodyTimeout, int maxActive, Duration turnWait) {
        public static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);
        public static final int MAX_ACTIVE = 16;
        public static final Options DEFAULT = new Options(Duration.ofSeconds(20), null);

        public Options(Duration stopTimeout, RequestLogger requestLogger, int maxActive, Duration turnWait) {
            this(stopTimeout, requestLogger, BODY_TIMEOUT, maxActive, turnWait);
        }

        public Options(Duration stopTimeout, RequestLogger requestLogger, Duration bodyTimeout) {
            this(stopTimeout, requestLogger, bodyTimeout, MAX_ACTIVE, Duration.ofSeconds(10));
        }

        public Options(Duration stopTimeout, RequestLogger requestLogger) {
            this(stopTimeout, requestLogger, BODY_TIMEOUT);
        }
    }

    /**
     * Platform threads, not virtual ones: request work on SQLite runs in native code (JNI), which pins a
     * virtual thread to its carrier, so with as many carriers as cores a few queries held every carrier and
     * even {@code /health} waited seconds (measured: README, <i>Fair use</i>). Enough threads for every
     * waiting request to hold one while the probes still find an idle one.
     */
    private static final int THREADS = 400;

    /**
     * A registered endpoint: its HTTP method, path pattern (e.g. {@code GET /api/v1/resources/{id}}) and the
     * query parameters it takes ({@link QueryParameters}).
     */
    public record Route(String method, String path, Set<String> parameters) {
        public Route {
            parameters = Set.copyOf(parameters);
        }
    }

    /** Every endpoint {@code app} answers (before/after handlers excluded), in registration order. */
    public static List<Route> routes(Javalin app) {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.getEndpoint().getMethod().isHttpMethod())
                .map(e -> new Route(e.getEndpoint().getMethod().name(), e.getEndpoint().getPath(),
                        QueryParameters.declared(e.getEndpoint().getRoles())))
                .toList();
    }

    public static Javalin create(ObjectMapper json, List<Consumer<Javalin>> features) {
        return create(json, features, Options.DEFAULT);
    }

    public static Javalin create(ObjectMapper json, List<Consumer<Javalin>> features, Options options) {
        Javalin app = Javalin.create(cfg -> {
            QueuedThreadPool threads = new QueuedThreadPool(THREADS, 8);
            threads.setName("pharos-http");
            cfg.jetty.threadPool = threads;
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(json, true));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.router.ignoreTrailingSlashes = true;
            cfg.jetty.multipartConfig.maxTotalRequestSize(MAX_UPLOAD_BYTES, io.javalin.config.SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_BYTES, io.javalin.config.SizeUnit.BYTES);
            cfg.http.prefer405over404 = true;
            cfg.staticFiles.enableWebjars();   // the API page's Swagger UI (io.pharos.openapi), shipped in the jar
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setIdleTimeout(options.bodyTimeout().toMillis());   // blocking body reads: a stalled body fails, RequestBody answers 408
            });
            // Jetty stops gracefully only with a StatisticsHandler counting the requests in flight
            cfg.jetty.modifyServer(server -> {
                StatisticsHandler inFlight = new StatisticsHandler();
                inFlight.setHandler(new Admission(options.maxActive(), options.turnWait()));   // Javalin's handler goes inside
                server.setHandler(inFlight);
                server.setStopTimeout(options.stopTimeout().toMillis());
                server.setErrorHandler(new ProblemErrorHandler());
            });
            if (options.requestLogger() != null) cfg.requestLogger.http(options.requestLogger());
        });
        Problems.install(app);
        app.beforeMatched(QueryParameters::check);   // an unknown parameter is named first, whatever the body
        app.beforeMatched(JsonContentType::check);
        features.forEach(f -> f.accept(app));
        return app;
    }
}
