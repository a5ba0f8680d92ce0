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
            created_at, updated_at""";

    private final RowMapper<Annotation> mapper;

    AnnotationStore() {
        this.mapper = (rs, ctx) -> {
            ColumnMapper<UUID> uuid = ctx.findColumnMapperFor(UUID.class).orElseThrow();
            ColumnMapper<Instant> instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
            return new Annotation(new AnnotationId(uuid.map(rs, "id", ctx)), new ResourceId(uuid.map(rs, "resource_id", ctx)),
                    new UserId(uuid.map(rs, "user_id", ctx)), rs.getInt("start_offset"), rs.getInt("end_offset"),
                    rs.getString("highlighted_text"), rs.getString("note"), Json.strings(rs.getString("tags"), "tags"), rs.getString("color"),
                    rs.getBoolean("is_shared"), instant.map(rs, "created_at", ctx), instant.map(rs, "updated_at", ctx));
        };
    }

    void insert(Handle h, Annotation a) {
        h.createUpdate("INSERT INTO annotations (" + COLUMNS + """
                        ) VALUES (:id, :resource, :user, :start, :end, :text, :note, :tags, :color, :shared, :createdAt, :updatedAt)""")
                .bind("id", a.id().value()).bind("resource", a.resourceId().value()).bind("user", a.userId().value())
                .bind("start", a.startOffset()).bind("end", a.endOffset()).bind("text", a.highlightedText())
                .bind("note", a.note()).bind("tags", Json.ofStrings(a.tags())).bind("color", a.color())
                .bind("shared", a.shared()).bind("createdAt", a.createdAt()).bind("updatedAt", a.updatedAt()).execute();
    }

    void update(Handle h, Annotation a) {
        h.createUpdate("UPDATE annotations SET note = :note, tags = :tags, color = :color, is_shared = :shared, updated_at = :updatedAt WHERE id = :id")
                .bind("id", a.id().value()).bind("note", a.note()).bind("tags", Json.ofStrings(a.tags()))
                .bind("color", a.color()).bind("shared", a.shared()).bind("updatedAt", a.updatedAt()).execute();
    }

    Optional<Annotation> find(Handle h, AnnotationId id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM annotations WHERE id = :id").bind("id", id.value()).map(mapper).findOne();
    }

    void delete(Handle h, AnnotationId id) {
        h.createUpdate("DELETE FROM annotations WHERE id = :id").bind("id", id.value()).execute();
    }

    /** Gives every annotation of {@code from} to {@code to}; how many moved. */
    int changeAuthor(Handle h, UserId from, UserId to) {
        return h.createUpdate("UPDATE annotations SET user_id = :to WHERE user_id = :from")
                .bind("from", from.value()).bind("to", to.value()).execute();
    }

    /** A resource's annotations that {@code viewer} may see: their own and the shared ones, in text order. */
    List<Annotation> listVisible(Handle h, ResourceId resource, UserId viewer) {
        return h.createQuery("SELECT " + COLUMNS + """
                         FROM annotations WHERE resource_id = :resource AND (user_id = :viewer OR is_shared = :shared)
                        ORDER BY start_offset, end_offset, id""")
                .bind("resource", resource.value()).bind("viewer", viewer.value()).bind("shared", true).map(mapper).list();
    }


}
