package io.pharos.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The one metrics registry (Micrometer, scraped in Prometheus text format at {@code GET /metrics}) and
 * the registration points features use: {@link #gauge} (e.g. the embedding queue depth, migration
 * progress), {@link #searchLatency} (search timer by mode), plus JVM metrics bound at start.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final java.util.List<Supplier<Number>> counted = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** The Micrometer registry, for binders (HikariCP's tracker) and features that need more than a gauge. */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Registers a gauge read at scrape time, e.g. {@code gauge("pharos.embedding.queue.depth", "items waiting", queue::size)}.
     * The supplier must be cheap and must not touch the database.
     */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** Registers a counter read at scrape time from {@code count} (which only grows), e.g. cache hits. */
    public void counter(String name, String description, Supplier<Number> count) {
        counted.add(count);   // Micrometer holds a function counter's object weakly
        FunctionCounter.builder(name, count, c -> c.get().doubleValue()).description(description).register(registry);
    }

    /** The search latency timer for one mode (e.g. "keyword", "semantic", "hybrid"): {@code searchLatency(mode).record(...)}. */
    public Timer searchLatency(String mode) {
        return Timer.builder("pharos.search.latency").description("search latency by mode")
                .tag("mode", mode).register(registry);
    }

    /** Records one HTTP request under its route template (never the raw path) and status. */
    public void recordRequest(String method, String route, int status, Duration elapsed) {
        Timer.builder("http.server.requests").description("HTTP requests by route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
                .register(registry).record(elapsed);
    }

    /** Everything registered, in Prometheus text exposition format 0.0.4. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public synchronized void close() {
        if (registry.isClosed()) return;
        gc.close();
        registry.close();
    }
}
