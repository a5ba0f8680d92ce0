package io.pharos.interaction;

import io.pharos.auth.UserId;
import io.pharos.db.Json;
import io.pharos.resource.ResourceId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for interactions. Listings are newest first, keyset-paginated over (created_at, id). */
final class InteractionStore {
    private static final String COLUMNS = "i.id, i.user_id, i.resource_id, i.interaction_type, i.rating, i.duration_seconds, i.metadata, i.created_at";
    private static final String BEFORE = " AND (i.created_at < :afterCreated OR (i.created_at = :afterCreated AND i.id < :afterId))";
    private static final String NEWEST_FIRST = " ORDER BY i.created_at DESC, i.id DESC LIMIT :limit";

    private static final RowMapper<Interaction> INTERACTION = (rs, ctx) -> {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        int rating = rs.getInt("rating");
        Integer r = rs.wasNull() ? null : rating;
        int duration = rs.getInt("duration_seconds");
        Integer d = rs.wasNull() ? null : duration;
        return new Interaction(uuid.map(rs, "id", ctx), new UserId(uuid.map(rs, "user_id", ctx)), new ResourceId(uuid.map(rs, "resource_id", ctx)),
                InteractionType.parse(rs.getString("interaction_type"), "interaction_type"), r, d, rs.getString("metadata"), instant.map(rs, "created_at", ctx));
    };

    private static final RowMapper<Bookmark> BOOKMARK = (rs, ctx) -> {
        ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
        return new Bookmark(uuid.map(rs, "id", ctx), new ResourceId(uuid.map(rs, "resource_id", ctx)), rs.getString("title"),
                ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx));
    };

    /** Inserts {@code i}; false when it is a second bookmark of the same resource by the same user (nothing written). */
    boolean insert(Handle h, Interaction i) {
        return h.createUpdate("""
                        INSERT INTO interactions (id, user_id, resource_id, interaction_type, rating, duration_seconds, metadata, created_at)
                        VALUES (:id, :user, :resource, :type, :rating, :duration, :metadata, :createdAt) ON CONFLICT DO NOTHING""")
                .bind("id", i.id()).bind("user", i.userId().value()).bind("resource", i.resourceId().value())
                .bind("type", i.interactionType().wire()).bind("rating", i.rating()).bind("duration", i.durationSeconds())
                .bind("metadata", new Json(i.metadata())).bind("createdAt", i.createdAt()).execute() == 1;
    }

    Optional<Interaction> findBookmark(Handle h, UserId user, ResourceId resource) {
        return h.createQuery("SELECT " + COLUMNS + " FROM interactions i WHERE i.user_id = :user AND i.resource_id = :resource AND i.interaction_type = 'bookmark'")
                .bind("user", user.value()).bind("resource", resource.value()).map(INTERACTION).findOne();
    }

    boolean deleteBookmark(Handle h, UserId user, ResourceId resource) {
        return h.createUpdate("DELETE FROM interactions WHERE user_id = :user AND resource_id = :resource AND interaction_type = 'bookmark'")
                .bind("user", user.value()).bind("resource", resource.value()).execute() > 0;
    }

    /** A resource's interactions, of {@code user} only unless null, newest first, after {@code after} (null: from the start). */
    List<Interaction> list(Handle h, ResourceId resource, UserId user, InteractionCursor after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM interactions i WHERE i.resource_id = :resource"
                + (user == null ? "" : " AND i.user_id = :user") + (after == null ? "" : BEFORE) + NEWEST_FIRST;
        var q = h.createQuery(sql).bind("resource", resource.value()).bind("limit", limit);
        if (user != null) q.bind("user", user.value());
        if (after != null) q.bind("afterCreated", after.createdAt()).bind("afterId", after.id());
        return q.map(INTERACTION).list();
    }

    /** {@code user}'s bookmarks with their resources' titles, newest first. */
    List<Bookmark> bookmarks(Handle h, UserId user, InteractionCursor after, int limit) {
        String sql = "SELECT i.id, i.resource_id, r.title, i.created_at FROM interactions i JOIN resources r ON r.id = i.resource_id"
                + " WHERE i.user_id = :user AND i.interaction_type = 'bookmark'" + (after == null ? "" : BEFORE) + NEWEST_FIRST;
        var q = h.createQuery(sql).bind("user", user.value()).bind("limit", limit);
        if (after != null) q.bind("afterCreated", after.createdAt()).bind("afterId", after.id());
        return q.map(BOOKMARK).list();
    }

    /** Gives every interaction of {@code from} to {@code to} (a bookmark {@code to} already has is dropped); how many moved. */
    int changeUser(Handle h, UserId from, UserId to) {
        h.createUpdate("""
                        DELETE FROM interactions
                         WHERE user_id = :from AND interaction_type = 'bookmark'
                           AND resource_id IN (SELECT resource_id FROM interactions WHERE user_id = :to AND interaction_type = 'bookmark')""")
                .bind("from", from.value()).bind("to", to.value()).execute();
        return h.createUpdate("UPDATE interactions SET user_id = :to WHERE user_id = :from")
                .bind("from", from.value()).bind("to", to.value()).execute();
    }
}
