package io.pharos.monitor;

import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.Principal;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Jsons;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.db.Database;
import io.pharos.db.Databases;
import io.pharos.db.Part;
import io.pharos.event.DomainEvents;
import io.pharos.resource.Resource;
import io.pharos.resource.ResourceEvent;
import org.jdbi.v3.core.Handle;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A user's monitors and alerts, each visible to its owner only (others get 404), and the queueing of
 * resources for matching: every created resource and every update that changes its title, description or
 * content is queued inside that write ({@link #subscribe}), so the write never waits for matching.
 */
public final class MonitorService {
    public static final int MAX_LIMIT = 100;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Monitors are configuration; alerts and the match queue are content. */
    public static final Part.Tables CONFIGURATION_TABLES = Part.Tables.of(Part.CONFIGURATION, "monitors");
    public static final Part.Tables CONTENT_TABLES = Part.Tables.of(Part.CONTENT, "monitor_queue", "alerts");
    public static final List<Part.CrossReference> REFERENCES = List.of(
            new Part.CrossReference(Part.CONTENT, "alerts", "monitor_id", "monitors"),
            new Part.CrossReference(Part.CONTENT, "alerts", "user_id", "users"));

    private final Databases databases;
    private final Database config;
    private final Database content;
    private final MonitorStore monitors = new MonitorStore();
    private final AlertStore alerts = new AlertStore();
    private final Clock clock;
    private final WebhookTargets targets;

    public MonitorService(Databases databases, Clock clock, WebhookTargets targets) {
        this.databases = databases;
        this.config = databases.of(Part.CONFIGURATION);
        this.content = databases.of(Part.CONTENT);
        this.clock = clock;
        this.targets = targets;
    }

    /** A monitor just made, with its webhook secret: shown this once, kept server-side to sign deliveries. */
    public record Created(@com.fasterxml.jackson.annotation.JsonUnwrapped Monitor monitor, String webhookSecret) {}

    public void subscribe(DomainEvents events) {
        events.subscribe(ResourceEvent.Created.class, (h, e) -> monitors.enqueue(h, e.id().value(), now()));
        events.subscribe(ResourceEvent.Updated.class, (h, e) -> { if (changesText(e)) monitors.enqueue(h, e.id().value(), now()); });
        events.subscribe(LocalOwnerAdopted.class, (h, e) -> {
            databases.across(Part.CONFIGURATION, h, Part.CONTENT, c -> alerts.changeOwner(c, e.from(), e.to()));
            e.moved("monitors", monitors.changeOwner(h, e.from(), e.to()));
        });
    }

    private static boolean changesText(ResourceEvent.Updated e) {
        Resource a = e.before(), b = e.after();
        return !Objects.equals(a.title(), b.title()) || !Objects.equals(a.description(), b.description())
                || !Objects.equals(a.content(), b.content());
    }

    public Created create(Principal p, MonitorInput.Create in) {
        targets.checkSaved(in.webhookUrl());
        Instant now = now();
        String secret = HexFormat.of().formatHex(bytes(32));
        Monitor m = new Monitor(UUID.randomUUID(), p.userId(), in.name(), in.query(), in.mode(), in.filters(), in.minScore(),
                in.webhookUrl(), false, now, now, null);
        config.write(h -> {
            monitors.insert(h, m, secret);
            return null;
        });
        return new Created(m, secret);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public List<Monitor> list(Principal p) {
        Map<UUID, Long> unread = content.read(h -> alerts.unreadCounts(h, p.userId()));
        return config.read(h -> monitors.list(h, p.userId(), unread));
    }

    public Monitor get(Principal p, UUID id) {
        return config.read(h -> owned(h, p, id));
    }

    public Monitor patch(Principal p, UUID id, MonitorInput.Patch in) {
        if (in.webhookSent()) targets.checkSaved(in.webhookUrl());
        return config.write(h -> {
            Monitor m = owned(h, p, id);
            Monitor next = new Monitor(m.id(), m.userId(), in.name() != null ? in.name() : m.name(),
                    in.query() != null ? in.query() : m.query(), in.mode() != null ? in.mode() : m.mode(),
                    in.filters() != null ? in.filters() : m.filters(), in.minScoreSent() ? in.minScore() : m.minScore(),
                    in.webhookSent() ? in.webhookUrl() : m.webhookUrl(), in.paused() != null ? in.paused() : m.paused(),
                    m.createdAt(), now(), null);
            monitors.update(h, next);
            return next;
        });
    }

    public void delete(Principal p, UUID id) {
        config.write(h -> {
            owned(h, p, id);
            databases.across(Part.CONFIGURATION, h, Part.CONTENT, c -> alerts.deleteOfMonitor(c, id));
            monitors.delete(h, id);
            return null;
        });
    }

    /** A page of the caller's alerts, unread first then newest first; of one monitor when {@code monitor} is set. */
    public Page<Alert> alerts(Principal p, UUID monitor, String cursor, int limit) {
        AlertStore.After after = decode(cursor);
        if (monitor != null) get(p, monitor);
        return content.read(h -> {
            List<Alert> rows = alerts.list(h, p.userId(), monitor, after, limit + 1);
            if (rows.size() <= limit) return new Page<>(rows, null);
            Alert last = rows.get(limit - 1);
            return new Page<>(rows.subList(0, limit), encode(last));
        });
    }

    /** Marks the caller's alerts read: those of {@code ids}, or every alert of {@code monitor}; how many changed. */
    public int markRead(Principal p, List<UUID> ids, UUID monitor) {
        if (monitor != null) get(p, monitor);
        return content.write(h -> {
            if (monitor != null) return alerts.markMonitorRead(h, p.userId(), monitor);
            return alerts.markRead(h, p.userId(), ids);
        });
    }

    /** The caller's unread alerts per monitor (every monitor of theirs, 0 when none). */
    public Map<UUID, Long> unreadCounts(Principal p) {
        Map<UUID, Long> counts = new java.util.LinkedHashMap<>();
        for (Monitor m : list(p)) counts.put(m.id(), m.unreadAlerts());
        return counts;
    }

    /** Resources waiting to be matched. */
    public long queueDepth() {
        return content.read(monitors::queueDepth);
    }

    /** Alerts waiting for their webhook delivery. */
    public long pendingDeliveries() {
        return content.read(alerts::pendingDeliveries);
    }

    private Monitor owned(Handle h, Principal p, UUID id) {
        return monitors.find(h, id).filter(m -> m.userId().equals(p.userId()))
                .orElseThrow(() -> new NotFoundException("no monitor with id " + id));
    }

    private static String encode(Alert a) {
        Map<String, Object> c = Map.of("r", a.read(), "t", a.createdAt().toString(), "id", a.id().toString());
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Jsons.mapper().writeValueAsBytes(c));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AlertStore.After decode(String cursor) {
        if (cursor == null) return null;
        try {
            var node = Jsons.mapper().readTree(Base64.getUrlDecoder().decode(cursor));
            if (!node.path("r").isBoolean()) throw new IllegalArgumentException();
            Instant at = Instant.parse(node.path("t").asText());
            if (!io.pharos.common.Times.inRange(at)) throw new IllegalArgumentException();
            return new AlertStore.After(node.get("r").asBoolean(), at, UUID.fromString(node.path("id").asText()));
        } catch (RuntimeException | java.io.IOException e) {
            throw InvalidInputException.badRequest("cursor", "is not a cursor from this listing; start again without one");
        }
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Every monitor that is not paused (the match worker's round). */
    List<Monitor> active() {
        return config.read(monitors::active);
    }

    /** The webhooks of the monitors among {@code ids} (a delivery round's). */
    Map<UUID, MonitorStore.Hook> hooks(java.util.Collection<UUID> ids) {
        return config.read(h -> monitors.hooks(h, ids));
    }

    MonitorStore monitorStore() { return monitors; }
    AlertStore alertStore() { return alerts; }
}
