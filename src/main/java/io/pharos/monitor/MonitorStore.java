package io.pharos.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.auth.UserId;
import io.pharos.common.Jsons;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for monitors and for the queue of resources waiting to be matched against them. */
final class MonitorStore {
    private static final String COLUMNS = """
            id, user_id, name, query, mode, filters, min_score, webhook_url, paused, created_at, updated_at""";

    private final RowMapper<Monitor> mapper = MonitorStore::monitor;

    private static Monitor monitor(ResultSet rs, StatementContext ctx) throws SQLException {
        double min = rs.getDouble("min_score");
        Double minScore = rs.wasNull() ? null : min;
        JsonNode filters;
        try {
            filters = Jsons.mapper().readTree(rs.getString("filters"));
        } catch (java.io.IOException e) {
            throw new SQLException("monitors.filters is not JSON", e);
        }
        return new Monitor(uuid(rs, "id", ctx), new UserId(uuid(rs, "user_id", ctx)), rs.getString("name"), rs.getString("query"),
                rs.getString("mode"), filters, minScore, rs.getString("webhook_url"), rs.getBoolean("paused"),
                instant(rs, "created_at", ctx), instant(rs, "updated_at", ctx), null);
    }

    static UUID uuid(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        return ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, column, ctx);
    }

    static Instant instant(ResultSet rs, String column, StatementContext ctx) throws SQLException {
        return ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, column, ctx);
    }

    void insert(Handle h, Monitor m, String secret) {
        h.createUpdate("INSERT INTO monitors (" + COLUMNS + ", webhook_secret) VALUES "
                        + "(:id, :user, :name, :query, :mode, :filters, :minScore, :webhook, :paused, :createdAt, :updatedAt, :secret)")
                .bind("id", m.id()).bind("user", m.userId().value()).bind("name", m.name()).bind("query", m.query())
                .bind("mode", m.mode()).bind("filters", m.filters().toString()).bind("minScore", m.minScore())
                .bind("webhook", m.webhookUrl()).bind("paused", m.paused()).bind("createdAt", m.createdAt())
                .bind("updatedAt", m.updatedAt()).bind("secret", secret).execute();
    }

    void update(Handle h, Monitor m) {
        h.createUpdate("""
                        UPDATE monitors SET name = :name, query = :query, mode = :mode, filters = :filters, min_score = :minScore,
                               webhook_url = :webhook, paused = :paused, updated_at = :updatedAt WHERE id = :id""")
                .bind("id", m.id()).bind("name", m.name()).bind("query", m.query()).bind("mode", m.mode())
                .bind("filters", m.filters().toString()).bind("minScore", m.minScore()).bind("webhook", m.webhookUrl())
                .bind("paused", m.paused()).bind("updatedAt", m.updatedAt()).execute();
    }

    Optional<Monitor> find(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM monitors WHERE id = :id").bind("id", id).map(mapper).findOne();
    }

    void delete(Handle h, UUID id) {
        h.createUpdate("DELETE FROM monitors WHERE id = :id").bind("id", id).execute();
    }

    /** A user's monitors, oldest first, each with its count of unread alerts from {@code unread} (read from the content part). */
    List<Monitor> list(Handle h, UserId user, Map<UUID, Long> unread) {
        return h.createQuery("SELECT " + COLUMNS + " FROM monitors WHERE user_id = :user ORDER BY created_at, id")
                .bind("user", user.value()).map(mapper).stream().map(m -> m.withUnread(unread.getOrDefault(m.id(), 0L))).toList();
    }

    /** Every monitor that is not paused, whoever owns it. */
    List<Monitor> active(Handle h) {
        return h.createQuery("SELECT " + COLUMNS + " FROM monitors WHERE paused = :no ORDER BY id").bind("no", false).map(mapper).list();
    }

    /** The webhook of each monitor among {@code ids} that still exists (a delivery's address and signing secret). */
    Map<UUID, Hook> hooks(Handle h, java.util.Collection<UUID> ids) {
        Map<UUID, Hook> hooks = new HashMap<>();
        if (ids.isEmpty()) return hooks;
        h.createQuery("SELECT id, name, query, webhook_url, webhook_secret FROM monitors WHERE id IN (<ids>)").bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Hook(uuid(rs, "id", ctx), rs.getString("name"), rs.getString("query"), rs.getString("webhook_url"),
                        rs.getString("webhook_secret")))
                .forEach(k -> hooks.put(k.monitor(), k));
        return hooks;
    }

    /** What a webhook delivery needs of its monitor. */
    record Hook(UUID monitor, String name, String query, String url, String secret) {}

    /** Gives every monitor of {@code from} to {@code to} (their alerts move in the content part); how many moved. */
    int changeOwner(Handle h, UserId from, UserId to) {
        return h.createUpdate("UPDATE monitors SET user_id = :to WHERE user_id = :from").bind("from", from.value()).bind("to", to.value()).execute();
    }

    // ---- the match queue -------------------------------------------------------------------------

    /** Queues the resource for matching; queued again while claimed, it is new work (the claim no longer removes it). */
    void enqueue(Handle h, UUID resource, Instant now) {
        h.createUpdate("""
                        INSERT INTO monitor_queue (resource_id, queued_at) VALUES (:id, :now)
                        ON CONFLICT (resource_id) DO UPDATE SET queued_at = excluded.queued_at, claimed_by = NULL, claim_expires_at = NULL""")
                .bind("id", resource).bind("now", now).execute();
    }

    /**
     * Claims up to {@code limit} of the resources longest in line that nobody holds (or whose lease ran out)
     * with the one-round {@code token}, and returns them. The condition is repeated on the updated row, so
     * on PostgreSQL a row another instance claimed meanwhile is re-checked after its lock and left alone.
     */
    List<UUID> claim(Handle h, String token, Instant now, Instant until, int limit) {
        h.createUpdate("""
                        UPDATE monitor_queue SET claimed_by = :token, claim_expires_at = :until
                         WHERE (claim_expires_at IS NULL OR claim_expires_at <= :now)
                           AND resource_id IN (SELECT resource_id FROM monitor_queue
                                                WHERE claim_expires_at IS NULL OR claim_expires_at <= :now
                                                ORDER BY queued_at, resource_id LIMIT :limit)""")
                .bind("token", token).bind("until", until).bind("now", now).bind("limit", limit).execute();
        return h.createQuery("SELECT resource_id FROM monitor_queue WHERE claimed_by = :token ORDER BY queued_at, resource_id")
                .bind("token", token).mapTo(UUID.class).list();
    }

    /** The resource is matched: out of the queue, unless it was queued again meanwhile. */
    void done(Handle h, UUID resource, String token) {
        h.createUpdate("DELETE FROM monitor_queue WHERE resource_id = :id AND claimed_by = :token").bind("id", resource).bind("token", token).execute();
    }

    /** The resource's title, description and content in one text (what its chunks are made of); empty when it is gone. */
    String text(Handle h, UUID resource) {
        return h.createQuery("SELECT title, description, content FROM resources WHERE id = :id").bind("id", resource)
                .map((rs, ctx) -> rs.getString("title") + "\n" + java.util.Objects.toString(rs.getString("description"), "")
                        + "\n" + java.util.Objects.toString(rs.getString("content"), ""))
                .findOne().orElse("");
    }

    long queueDepth(Handle h) {
        return h.createQuery("SELECT count(*) FROM monitor_queue").mapTo(Long.class).one();
    }
}
