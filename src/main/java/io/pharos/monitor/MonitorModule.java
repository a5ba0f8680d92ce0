package io.pharos.monitor;

import io.pharos.db.Database;
import io.pharos.db.Databases;
import io.pharos.db.Part;
import io.pharos.event.DomainEvents;
import io.pharos.search.SearchService;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The monitors feature as the composition root builds it: the service (subscribed to resource events),
 * the match worker and the webhook worker. The workers run in the server only ({@link #startWorkers});
 * a command that writes resources just queues them, and the next server start matches them.
 */
public final class MonitorModule implements AutoCloseable {
    /** How long a claim on queued work holds without being finished (then another instance may take it). */
    static final Duration LEASE = Duration.ofSeconds(60);

    private final MonitorService service;
    private final WebhookWorker webhooks;
    private final MatchWorker matcher;
    private boolean started;

    /** Monitors live in the configuration part; the match queue and alerts (the workers' tables) in the content part. */
    public MonitorModule(Databases databases, SearchService search, DomainEvents events, Clock clock, WebhookTargets targets) {
        this.service = new MonitorService(databases, clock, targets);
        service.subscribe(events);
        Database content = databases.of(Part.CONTENT);
        this.webhooks = new WebhookWorker(content, service, LEASE, targets);
        this.matcher = new MatchWorker(content, service, search, LEASE, webhooks);
    }

    public MonitorService service() { return service; }
    public MatchWorker matcher() { return matcher; }
    public WebhookWorker webhooks() { return webhooks; }
    public MonitorRoutes routes() { return new MonitorRoutes(service); }

    /** Starts matching and webhook delivery in the background. */
    public synchronized MonitorModule startWorkers() {
        if (!started) {
            matcher.start();
            webhooks.start();
            started = true;
        }
        return this;
    }

    /** For the health document: resources waiting to be matched and alerts waiting for their webhook. */
    public Map<String, Object> health() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        m.put("match_queue_depth", service.queueDepth());
        m.put("pending_webhooks", service.pendingDeliveries());
        return m;
    }

    /** Stops matching first (it may wake the webhook worker), then delivery. */
    @Override
    public synchronized void close() {
        matcher.close();
        webhooks.close();
    }
}
