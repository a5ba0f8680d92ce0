package io.pharos.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.pharos.db.ReadReplicas;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    /**
     * The read replicas' meters: {@code pharos.db.reads} (counter, {@code served_by} = replica or primary),
     * {@code pharos.db.reads.replica.share} (the fraction of reads replicas served since start), and per replica
     * ({@code replica} = its URL, password masked) {@code pharos.db.replica.lag} (seconds; -1 when unknown) and
     * {@code pharos.db.replica.up} (1 while it answers reads).
     */
    public void readReplicas(ReadReplicas replicas) {
        FunctionCounter.builder("pharos.db.reads", replicas, ReadReplicas::replicaReads)
                .description("reads answered, by who served them").tag("served_by", "replica").register(registry);
        FunctionCounter.builder("pharos.db.reads", replicas, ReadReplicas::primaryReads)
                .description("reads answered, by who served them").tag("served_by", "primary").register(registry);
        Gauge.builder("pharos.db.reads.replica.share", replicas, r -> {
            double replica = r.replicaReads(), total = replica + r.primaryReads();
            return total == 0 ? 0 : replica / total;
        }).description("fraction of reads served by read replicas since start").register(registry);
        List<ReadReplicas.Status> initial = replicas.statuses();
        for (int i = 0; i < initial.size(); i++) {
            int index = i;
            String tag = initial.get(i).url();
            TimeGauge.builder("pharos.db.replica.lag", replicas, TimeUnit.MILLISECONDS, r -> {
                Long lag = r.statuses().get(index).lagMs();
                return lag == null ? -1000 : lag;
            }).description("how far the read replica is behind the primary").tag("replica", tag).register(registry);
            Gauge.builder("pharos.db.replica.up", replicas, r -> r.statuses().get(index).state() == ReadReplicas.State.UP ? 1 : 0)
                    .description("1 while the read replica answers reads (reachable, replaying, within the lag limit)")
                    .tag("replica", tag).register(registry);
        }
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
