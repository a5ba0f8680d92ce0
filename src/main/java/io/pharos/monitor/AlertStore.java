package io.pharos.monitor;

import io.pharos.auth.UserId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pharos.monitor.MonitorStore.instant;
import static io.pharos.monitor.MonitorStore.uuid;

/** SQL for alerts, which are also the webhook outbox (their delivery columns). */
final class AlertStore {
    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String FAILED = "failed";
    private static final String COLUMNS = """
            id, monitor_id, resource_id, score, snippet, created_at, is_read, delivery, attempts, last_error, delivered_at""";

    private static final RowMapper<Alert> MAPPER = (rs, ctx) -> new Alert(uuid(rs, "id", ctx), uuid(rs, "monitor_id", ctx),
            uuid(rs, "resource_id", ctx), rs.getDouble("score"), rs.getString("snippet"), instant(rs, "created_at", ctx),
            rs.getBoolean("is_read"), rs.getString("delivery"), rs.getInt("attempts"), rs.getString("last_error"),
            instant(rs, "delivered_at", ctx));

    /** Where a listing continues: after this alert in (unread first, newest first, id) order. */
    record After(boolean read, Instant createdAt, UUID id) {}

    /**
     * Records that the resource matched the monitor. A second match of the same pair (the resource changed
     * and still matches) re-arms the one alert: new score, snippet and time, unread again, and its webhook
     * delivery starts over.
     */
    void raise(Handle h, UUID id, Monitor m, UUID resource, double score, String snippet, Instant now) {
        boolean hook = m.webhookUrl() != null;
        h.createUpdate("INSERT INTO alerts (" + COLUMNS + """
                        , user_id, next_attempt_at) VALUES (:id, :monitor, :resource, :score, :snippet, :now, :no, :delivery, 0, NULL, NULL,
                        :user, :next)
                        ON CONFLICT (monitor_id, resource_id) DO UPDATE SET score = excluded.score, snippet = excluded.snippet,
                               created_at = excluded.created_at, is_read = excluded.is_read, delivery = excluded.delivery, attempts = 0,
                               last_error = NULL, delivered_at = NULL, next_attempt_at = excluded.next_attempt_at, claimed_by = NULL""")
                .bind("id", id).bind("monitor", m.id()).bind("resource", resource).bind("score", score).bind("snippet", snippet)
                .bind("now", now).bind("no", false).bind("delivery", hook ? PENDING : null).bind("user", m.userId().value())
                .bind("next", hook ? now : null).execute();
    }

    /** A page of the user's alerts (of one monitor when {@code monitor} is set): unread first, then newest first. */
    List<Alert> list(Handle h, UserId user, UUID monitor, After after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM alerts WHERE user_id = :user");
        if (monitor != null) sql.append(" AND monitor_id = :monitor");
        if (after != null) {
            sql.append(" AND (is_read > :aRead OR (is_read = :aRead AND (created_at < :aAt OR (created_at = :aAt AND id < :aId))))");
        }
        sql.append(" ORDER BY is_read, created_at DESC, id DESC LIMIT :limit");
        Query q = h.createQuery(sql.toString()).bind("user", user.value()).bind("limit", limit);
        if (monitor != null) q.bind("monitor", monitor);
        if (after != null) q.bind("aRead", after.read()).bind("aAt", after.createdAt()).bind("aId", after.id());
        return q.map(MAPPER).list();
    }

    /** Marks the user's alerts among {@code ids} read; how many changed. */
    int markRead(Handle h, UserId user, List<UUID> ids) {
        if (ids.isEmpty()) return 0;
        return h.createUpdate("UPDATE alerts SET is_read = :yes WHERE user_id = :user AND is_read = :no AND id IN (<ids>)")
                .bind("yes", true).bind("no", false).bind("user", user.value()).bindList("ids", ids).execute();
    }

    /** Marks every alert of the user's monitor read; how many changed. */
    int markMonitorRead(Handle h, UserId user, UUID monitor) {
        return h.createUpdate("UPDATE alerts SET is_read = :yes WHERE user_id = :user AND monitor_id = :monitor AND is_read = :no")
                .bind("yes", true).bind("no", false).bind("user", user.value()).bind("monitor", monitor).execute();
    }

    /** Unread alerts per monitor of the user (monitors without any are absent). */
    Map<UUID, Long> unreadCounts(Handle h, UserId user) {
        Map<UUID, Long> counts = new LinkedHashMap<>();
        h.createQuery("SELECT monitor_id, count(*) AS n FROM alerts WHERE user_id = :user AND is_read = :no GROUP BY monitor_id ORDER BY monitor_id")
                .bind("user", user.value()).bind("no", false)
                .map((rs, ctx) -> Map.entry(uuid(rs, "monitor_id", ctx), rs.getLong("n"))).forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Gives every alert of {@code from} to {@code to} (the local owner's adoption); how many moved. */
    int changeOwner(Handle h, UserId from, UserId to) {
        return h.createUpdate("UPDATE alerts SET user_id = :to WHERE user_id = :from").bind("from", from.value()).bind("to", to.value()).execute();
    }

    /** Removes the alerts of a monitor being deleted (no foreign key does it when monitors live in another database). */
    int deleteOfMonitor(Handle h, UUID monitor) {
        return h.createUpdate("DELETE FROM alerts WHERE monitor_id = :monitor").bind("monitor", monitor).execute();
    }

    // ---- the webhook outbox ----------------------------------------------------------------------

    /** An alert due for delivery, with what its webhook request needs. */
    record Delivery(UUID alertId, UUID monitorId, String monitorName, String query, UUID resourceId, String resourceTitle,
                    double score, String snippet, Instant createdAt, int attempts, String url, String secret) {
        /** This delivery with its monitor's webhook (read from the configuration part); a monitor gone has none. */
        Delivery with(MonitorStore.Hook hook) {
            return hook == null ? new Delivery(alertId, monitorId, null, null, resourceId, resourceTitle, score, snippet, createdAt, attempts, null, null)
                    : new Delivery(alertId, monitorId, hook.name(), hook.query(), resourceId, resourceTitle, score, snippet, createdAt, attempts,
                            hook.url(), hook.secret());
        }
    }

    /**
     * Claims up to {@code limit} pending alerts whose next attempt is due with the one-round {@code token};
     * the claim holds until {@code until} (then another round may take them: at least once, across restarts).
     */
    List<Delivery> claimDue(Handle h, String token, Instant now, Instant until, int limit) {
        h.createUpdate("""
                        UPDATE alerts SET claimed_by = :token, next_attempt_at = :until
                         WHERE delivery = :pending AND next_attempt_at <= :now
                           AND id IN (SELECT id FROM alerts WHERE delivery = :pending AND next_attempt_at <= :now
                                       ORDER BY next_attempt_at, id LIMIT :limit)""")
                .bind("token", token).bind("until", until).bind("now", now).bind("pending", PENDING).bind("limit", limit).execute();
        return h.createQuery("""
                        SELECT a.id, a.monitor_id, a.resource_id, r.title, a.score, a.snippet, a.created_at, a.attempts
                          FROM alerts a JOIN resources r ON r.id = a.resource_id
                         WHERE a.claimed_by = :token AND a.delivery = :pending ORDER BY a.next_attempt_at, a.id""")
                .bind("token", token).bind("pending", PENDING)
                .map((rs, ctx) -> new Delivery(uuid(rs, "id", ctx), uuid(rs, "monitor_id", ctx), null, null,
                        uuid(rs, "resource_id", ctx), rs.getString("title"), rs.getDouble("score"), rs.getString("snippet"),
                        instant(rs, "created_at", ctx), rs.getInt("attempts"), null, null))
                .list();
    }

    /** The receiver took the alert (unless the alert was re-armed meanwhile: then it is sent again). */
    void delivered(Handle h, UUID id, String token, Instant now) {
        h.createUpdate("""
                        UPDATE alerts SET delivery = :state, delivered_at = :now, attempts = attempts + 1, last_error = NULL,
                               next_attempt_at = NULL, claimed_by = NULL WHERE id = :id AND claimed_by = :token""")
                .bind("state", DELIVERED).bind("now", now).bind("id", id).bind("token", token).execute();
    }

    /** An attempt failed: try again at {@code next}, or (null) give up with the alert's delivery failed. */
    void attemptFailed(Handle h, UUID id, String token, String error, Instant next) {
        h.createUpdate("""
                        UPDATE alerts SET delivery = :state, attempts = attempts + 1, last_error = :error, next_attempt_at = :next,
                               claimed_by = NULL WHERE id = :id AND claimed_by = :token""")
                .bind("state", next == null ? FAILED : PENDING).bind("error", error).bind("next", next).bind("id", id)
                .bind("token", token).execute();
    }

    /** Gives up a claim on a delivery not started: due again at {@code now}. */
    void release(Handle h, UUID id, String token, Instant now) {
        h.createUpdate("UPDATE alerts SET claimed_by = NULL, next_attempt_at = :now WHERE id = :id AND claimed_by = :token")
                .bind("now", now).bind("id", id).bind("token", token).execute();
    }

    long pendingDeliveries(Handle h) {
        return h.createQuery("SELECT count(*) FROM alerts WHERE delivery = :pending").bind("pending", PENDING).mapTo(Long.class).one();
    }
}
