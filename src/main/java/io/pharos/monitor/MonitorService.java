package io.pharos.monitor;

import io.pharos.auth.LocalOwnerAdopted;
import io.pharos.auth.Principal;
import io.pharos.common.InvalidInputException;
import io.pharos.common.Jsons;
import io.pharos.common.NotFoundException;
import io.pharos.common.Page;
import io.pharos.db.Database;
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

    private final Database database;
    private final MonitorStore monitors = new MonitorStore();
    private final AlertStore alerts = new AlertStore();
    private final Clock clock;
    private final WebhookTargets targets;

    public MonitorService(Database database, Clock clock, WebhookTargets targets) {
        this.database = database;
        this.clock = clock;
        this.targets = targets;
    }

    /** A monitor just made, with its webhook secret: shown this once, kept server-side to sign deliveries. */
    public record Created(@com.fasterxml.jackson.annotation.JsonUnwrapped Monitor monitor, String webhookSecret) {}

    public void subscribe(DomainEvents events) {
        events.subscribe(ResourceEvent.Created.class, (h, e) -> monitors.enqueue(h, e.id().value(), now()));
        events.subscribe(ResourceEvent.Updated.class, (h, e) -> { if (changesText(e)) monitors.enqueue(h, e.id().value(), now()); });
        events.subscribe(LocalOwnerAdopted.class, (h, e) -> e.moved("monitors", monitors.changeOwner(h, e.from(), e.to())));
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
        database.write(h -> {
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
        return database.read(h -> monitors.list(h, p.userId()));
    }

    public Monitor get(Principal p, UUID id) {
        return database.read(h -> owned(h, p, id));
    }

    public Monitor patch(Principal p, UUID id, MonitorInput.Patch in) {
        if (in.webhookSent()) targets.checkSaved(in.webhookUrl());
        return database.write(h -> {
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
        database.write(h -> {
            owned(h, p, id);
            monitors.delete(h, id);
            return null;
        });
    }

    /** A page of the caller's alerts, unread first then newest first; of one monitor when {@code monitor} is set. */
    public Page<Alert> alerts(Principal p, UUID monitor, String cursor, int limit) {
        AlertStore.After after = decode(cursor);
        return database.read(h -> {
            if (monitor != null) owned(h, p, monitor);
            List<Alert> rows = alerts.list(h, p.userId(), monitor, after, limit + 1);
            if (rows.size() <= limit) return new Page<>(rows, null);
            Alert last = rows.get(limit - 1);
            return new Page<>(rows.subList(0, limit), encode(last));
        });
    }

    /** Marks the caller's alerts read: those of {@code ids}, or every alert of {@code monitor}; how many changed. */
    public int markRead(Principal p, List<UUID> ids, UUID monitor) {
        return database.write(h -> {
            if (monitor != null) {
                owned(h, p, monitor);
                return alerts.markMonitorRead(h, p.userId(), monitor);
            }
            return alerts.markRead(h, p.userId(), ids);
        });
    }

    /** The caller's unread alerts per monitor (every monitor of theirs, 0 when none). */
    public Map<UUID, Long> unreadCounts(Principal p) {
        return database.read(h -> {
            Map<UUID, Long> counts = new java.util.LinkedHashMap<>();
            for (Monitor m : monitors.list(h, p.userId())) counts.put(m.id(), m.unreadAlerts());
            return counts;
        });
    }

    /** Resources waiting to be matched. */
    public long queueDepth() {
        return database.read(monitors::queueDepth);
    }

    /** Alerts waiting for their webhook delivery. */
    public long pendingDeliveries() {
        return database.read(alerts::pendingDeliveries);
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

    MonitorStore monitorStore() { return monitors; }
    AlertStore alertStore() { return alerts; }
}
