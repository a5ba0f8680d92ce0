package io.pharos.annotation;

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

/** SQL for annotations. */
final class AnnotationStore {
    private static final String COLUMNS = """
            id, resource_id, user_id, start_offset, end_offset, highlighted_text, note, tags, color, is_shared,
            is_stale, created_at, updated_at""";
    /**
     * The columns as read, with the content's length (code points on both databases) for stale ones only:
     * their stored offsets are cut to it, so no offset read lies outside the content. A current annotation is
     * within the content by construction (checked when made, re-anchored on every content change).
     */
    private static final String READ = """
            SELECT a.id, a.resource_id, a.user_id, a.start_offset, a.end_offset, a.highlighted_text, a.note, a.tags,
                   a.color, a.is_shared, a.is_stale, a.created_at, a.updated_at,
                   CASE WHEN a.is_stale THEN coalesce(length(r.content), 0) END AS stale_length
              FROM annotations a JOIN resources r ON r.id = a.resource_id""";

    private final RowMapper<Annotation> mapper;

    AnnotationStore() {
        this.mapper = (rs, ctx) -> {
            ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
            ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
            int start = rs.getInt("start_offset"), end = rs.getInt("end_offset");
            int length = rs.getInt("stale_length");
            boolean stale = rs.getBoolean("is_stale");
            if (stale) {
                start = Math.min(start, length);
                end = Math.min(end, length);
            }
            return new Annotation(new AnnotationId(uuid.map(rs, "id", ctx)), new ResourceId(uuid.map(rs, "resource_id", ctx)),
                    new UserId(uuid.map(rs, "user_id", ctx)), start, end,
                    rs.getString("highlighted_text"), rs.getString("note"), Json.strings(rs.getString("tags"), "tags"), rs.getString("color"),
                    rs.getBoolean("is_shared"), stale, instant.map(rs, "created_at", ctx), instant.map(rs, "updated_at", ctx));
        };
    }

    /** Where an annotation is stored, for re-anchoring: its raw offsets (never cut) and text. */
    record Anchor(AnnotationId id, int startOffset, int endOffset, String highlightedText, boolean stale) {}

    void insert(Handle h, Annotation a) {
        h.createUpdate("INSERT INTO annotations (" + COLUMNS + """
                        ) VALUES (:id, :resource, :user, :start, :end, :text, :note, :tags, :color, :shared, :stale, :createdAt, :updatedAt)""")
                .bind("id", a.id().value()).bind("resource", a.resourceId().value()).bind("user", a.userId().value())
                .bind("start", a.startOffset()).bind("end", a.endOffset()).bind("text", a.highlightedText())
                .bind("note", a.note()).bind("tags", Json.ofStrings(a.tags())).bind("color", a.color())
                .bind("shared", a.shared()).bind("stale", a.stale()).bind("createdAt", a.createdAt()).bind("updatedAt", a.updatedAt()).execute();
    }

    void update(Handle h, Annotation a) {
        h.createUpdate("UPDATE annotations SET note = :note, tags = :tags, color = :color, is_shared = :shared, updated_at = :updatedAt WHERE id = :id")
                .bind("id", a.id().value()).bind("note", a.note()).bind("tags", Json.ofStrings(a.tags()))
                .bind("color", a.color()).bind("shared", a.shared()).bind("updatedAt", a.updatedAt()).execute();
    }

    Optional<Annotation> find(Handle h, AnnotationId id) {
        return h.createQuery(READ + " WHERE a.id = :id").bind("id", id.value()).map(mapper).findOne();
    }

    void delete(Handle h, AnnotationId id) {
        h.createUpdate("DELETE FROM annotations WHERE id = :id").bind("id", id.value()).execute();
    }

    /** Every annotation of a resource, whoever wrote it, where it is stored. */
    List<Anchor> anchors(Handle h, ResourceId resource) {
        return h.createQuery("SELECT id, start_offset, end_offset, highlighted_text, is_stale FROM annotations WHERE resource_id = :resource")
                .bind("resource", resource.value())
                .map((rs, ctx) -> new Anchor(new AnnotationId(ctx.findColumnMapperFor(UUID.class).orElseThrow().map(rs, "id", ctx)),
                        rs.getInt("start_offset"), rs.getInt("end_offset"), rs.getString("highlighted_text"), rs.getBoolean("is_stale")))
                .list();
    }

    /** Moves an annotation to where its text now is (no longer stale). */
    void moveTo(Handle h, AnnotationId id, int start, int end) {
        h.createUpdate("UPDATE annotations SET start_offset = :start, end_offset = :end, is_stale = :stale WHERE id = :id")
                .bind("id", id.value()).bind("start", start).bind("end", end).bind("stale", false).execute();
    }

    /** Marks an annotation stale, keeping its last offsets. */
    void markStale(Handle h, AnnotationId id) {
        h.createUpdate("UPDATE annotations SET is_stale = :stale WHERE id = :id").bind("id", id.value()).bind("stale", true).execute();
    }

    /** Gives every annotation of {@code from} to {@code to}; how many moved. */
    int changeAuthor(Handle h, UserId from, UserId to) {
        return h.createUpdate("UPDATE annotations SET user_id = :to WHERE user_id = :from")
                .bind("from", from.value()).bind("to", to.value()).execute();
    }

    /** A resource's annotations that {@code viewer} may see: their own and the shared ones, in text order. */
    List<Annotation> listVisible(Handle h, ResourceId resource, UserId viewer) {
        return h.createQuery(READ + """
                         WHERE a.resource_id = :resource AND (a.user_id = :viewer OR a.is_shared = :shared)
                        ORDER BY a.start_offset, a.end_offset, a.id""")
                .bind("resource", resource.value()).bind("viewer", viewer.value()).bind("shared", true).map(mapper).list();
    }


}
